package org.sagashop.accesstokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key set that does not arrive in time is no key set: fetching it gives up after the configured
 * time, whether the server never answers or answers and then stops sending.
 */
class ServiceInstanceResourceRetrieverTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** Far beyond {@link #TIMEOUT}: reaching it means the fetch hangs. */
  private static final Duration HANGS = Duration.ofSeconds(20);

  private static final String KEYS = "{\"keys\":[]}";

  /** Only the limit on the whole response can stop this one: connecting may take long. */
  private final ServiceInstanceResourceRetriever retriever =
      new ServiceInstanceResourceRetriever(null, HANGS, TIMEOUT);

  private final CountDownLatch testOver = new CountDownLatch(1);
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private ServerSocket server;

  @AfterEach
  void stopServer() throws IOException {
    testOver.countDown();
    for (Socket connection : connections) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void fetchesTheKeySetAnInstancePublishes() throws IOException {
    serve(
        (in, out) -> {
          byte[] body = KEYS.getBytes(StandardCharsets.UTF_8);
          out.write(headers(body.length));
          out.write(body);
          out.flush();
        });

    // limits no busy machine reaches: this test is about what arrives, not when
    Resource keys =
        new ServiceInstanceResourceRetriever(null, HANGS, HANGS).retrieveResource(keySetUrl());

    assertThat(keys.getContent()).isEqualTo(KEYS);
    assertThat(keys.getContentType()).isEqualTo("application/jwk-set+json");
  }

  @Test
  void givesUpOnAServerThatNeverAnswers() throws IOException {
    serve((in, out) -> testOver.await());

    assertGivesUp();
  }

  @Test
  void givesUpOnAServerThatSendsTheHeadersAndThenStalls() throws IOException {
    serve(
        (in, out) -> {
          out.write(headers(KEYS.length()));
          out.write(KEYS.substring(0, 3).getBytes(StandardCharsets.UTF_8));
          out.flush();
          testOver.await();
        });

    assertGivesUp();
  }

  @Test
  void givesUpOnABodyThatTricklesInSlowerThanTheTimeout() throws IOException {
    serve(
        (in, out) -> {
          byte[] body = KEYS.getBytes(StandardCharsets.UTF_8);
          out.write(headers(body.length));
          out.flush();
          // each byte comes quickly, the whole body never does: no read of the body ever waits
          // long, so only a limit on the whole response stops this
          for (byte b : body) {
            Thread.sleep(TIMEOUT.toMillis() / 4);
            out.write(b);
            out.flush();
          }
        });

    assertGivesUp();
  }

  private void assertGivesUp() {
    URL url = keySetUrl();
    assertTimeoutPreemptively(
        HANGS,
        () ->
            assertThatThrownBy(() -> retriever.retrieveResource(url))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(url.getPath()));
  }

  private static byte[] headers(int contentLength) {
    return ("HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/jwk-set+json\r\n"
            + "Content-Length: "
            + contentLength
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private URL keySetUrl() {
    try {
      return new URL("http://127.0.0.1:" + server.getLocalPort() + "/.well-known/jwks.json");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How the test server answers one connection, once the request's headers have arrived. */
  private interface Answer {
    void answer(InputStream in, OutputStream out) throws IOException, InterruptedException;
  }

  private void serve(Answer answer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try (Socket connection = server.accept()) {
                connections.add(connection);
                InputStream in = connection.getInputStream();
                readRequestHeaders(in);
                answer.answer(in, connection.getOutputStream());
              } catch (IOException | InterruptedException e) {
                // the test is over, or the retriever gave up and closed the connection
              }
            },
            "key-set-test-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void readRequestHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the request ended early");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }
}
