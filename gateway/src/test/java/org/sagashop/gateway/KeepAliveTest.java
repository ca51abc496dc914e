package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One kept-alive connection, as a browser or WebTestClient uses it, spoken to byte by byte so the
 * timing is the test's and not the client's: the second request arrives while the first answer is
 * still being completed (a routed answer is written by the gateway's HTTP client, not by the
 * connection's own thread), and is answered at once.
 */
class KeepAliveTest extends GatewayTestSupport {

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

  @Test
  void answersTheNextRequestOnAConnectionWhoseRequestsCameBackToBack() throws IOException {
    try (Socket connection = new Socket("127.0.0.1", port)) {
      connection.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
      OutputStream out = connection.getOutputStream();
      InputStream in = connection.getInputStream();

      send(out, get("/api/products") + get("/api/orders"));
      List<String> answers = readAnswers(in, 2);
      send(out, get("/api/products"));
      answers = readAnswers(in, 1, answers);

      assertThat(answers).containsExactly("200", "401", "200");
    }
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n";
  }

  private static void send(OutputStream out, String requests) throws IOException {
    out.write(requests.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static List<String> readAnswers(InputStream in, int count) throws IOException {
    return readAnswers(in, count, List.of());
  }

  /**
   * Reads until {@code count} more answers have begun, by their status lines (none of the bodies
   * here contains one). An answer that never comes fails the test when the socket times out.
   */
  private static List<String> readAnswers(InputStream in, int count, List<String> before)
      throws IOException {
    StringBuilder received = new StringBuilder();
    List<String> statuses = new ArrayList<>();
    byte[] buffer = new byte[8192];
    try {
      while (statuses.size() < count) {
        int read = in.read(buffer);
        if (read < 0) {
          break;
        }
        received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
        statuses.clear();
        Matcher status = STATUS_LINE.matcher(received);
        while (status.find()) {
          statuses.add(status.group(1));
        }
      }
    } catch (SocketTimeoutException e) {
      // the answers so far are what the assertion reports
    }
    List<String> all = new ArrayList<>(before);
    all.addAll(statuses);
    return all;
  }
}
