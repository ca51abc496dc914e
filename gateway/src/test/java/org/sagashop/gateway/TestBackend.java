package org.sagashop.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for one service behind the gateway: records every request that reaches it and answers
 * with a small JSON echo, unless a test sets another answer for a path.
 */
final class TestBackend {

  static final String JWK_SET_PATH = "/.well-known/jwks.json";

  /** What the service saw of a request. */
  record ReceivedRequest(String method, String rawPath, String authorization) {}

  private final HttpServer server;
  private final ExecutorService workers = Executors.newCachedThreadPool();
  // replaced, not cleared, by reset(): a request of an earlier test that a worker is still
  // handling is recorded in that test's lists, never in the next test's
  private volatile List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
  private volatile List<String> receivedBodies = new CopyOnWriteArrayList<>();
  private final Map<String, HttpHandler> answers = new ConcurrentHashMap<>();
  private volatile CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger keySetFetches = new AtomicInteger();
  private volatile String keySet;

  private TestBackend(HttpServer server) {
    this.server = server;
  }

  static TestBackend start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      TestBackend backend = new TestBackend(server);
      server.createContext("/", backend::handle);
      server.setExecutor(backend.workers);
      server.start();
      return backend;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<ReceivedRequest> received() {
    return List.copyOf(received);
  }

  /** The bodies of the requests in {@link #received()}, in the same order. */
  List<String> receivedBodies() {
    return List.copyOf(receivedBodies);
  }

  /**
   * Publishes {@code jwkSet} at {@value #JWK_SET_PATH}, as the user service does. Fetching it is
   * the gateway's own business, not a routed request: it is counted apart from {@link #received()}
   * and survives {@link #reset()}.
   */
  void publishKeys(String jwkSet) {
    this.keySet = jwkSet;
  }

  int keySetFetches() {
    return keySetFetches.get();
  }

  void answer(String path, HttpHandler handler) {
    answers.put(path, handler);
  }

  /** Answers nothing at {@code path} until {@link #reset()}: a service that hangs. */
  void stall(String path) {
    Release reset = untilReset();
    answer(
        path,
        exchange -> {
          reset.await();
          respond(exchange, 200, "application/json", "{}");
        });
  }

  /** What an answer that must stay open while a test looks at it waits for. */
  interface Release {
    void await();
  }

  /**
   * The next {@link #reset()}, taken when the test sets up its answer: an answer that only gets to
   * wait after the test has ended (a busy machine runs the test on while the answer's thread waits
   * its turn) is still released by that test's reset, not held until some later test's.
   */
  Release untilReset() {
    CountDownLatch latch = release;
    return () -> awaitRelease(latch);
  }

  void reset() {
    release.countDown();
    release = new CountDownLatch(1);
    answers.clear();
    received = new CopyOnWriteArrayList<>();
    receivedBodies = new CopyOnWriteArrayList<>();
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    String published = keySet;
    if (published != null && rawPath.equals(JWK_SET_PATH) && isKeyFetch(exchange)) {
      keySetFetches.incrementAndGet();
      respond(exchange, 200, "application/jwk-set+json", published);
      return;
    }
    List<ReceivedRequest> requests = received;
    List<String> bodies = receivedBodies;
    byte[] body = exchange.getRequestBody().readAllBytes();
    bodies.add(new String(body, StandardCharsets.UTF_8));
    requests.add(
        new ReceivedRequest(
            exchange.getRequestMethod(),
            rawPath,
            exchange.getRequestHeaders().getFirst("Authorization")));
    HttpHandler answer = answers.get(rawPath);
    if (answer != null) {
      answer.handle(exchange);
    } else {
      respond(exchange, 200, "application/json", "{\"path\":\"" + rawPath + "\"}");
    }
  }

  /** The gateway's own fetch of the keys asks for a JWK set; a routed browser request does not. */
  private static boolean isKeyFetch(HttpExchange exchange) {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    return accept != null && accept.contains("application/jwk-set+json");
  }

  private static void awaitRelease(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
