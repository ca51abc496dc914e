package org.sagashop.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * The whole gateway on a random port, with the routes, timeouts and shared settings of the config
 * repository (read from the files, as the config server would serve them). The user, product and
 * order services are test backends; payment has no instance at all, and notification's only
 * instance does not listen.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.import=file:../infra/config-repo/application.yml,file:../infra/config-repo/gateway.yml",
      "spring.cloud.config.enabled=false",
      "eureka.client.enabled=false",
      "management.tracing.enabled=false",
      "spring.cloud.gateway.server.webflux.httpclient.response-timeout=2s"
    })
abstract class GatewayTestSupport {

  static final Map<String, TestBackend> SERVICES =
      Map.of(
          "user", TestBackend.start(),
          "product", TestBackend.start(),
          "order", TestBackend.start());

  static final int UNUSED_PORT = unusedPort();

  static {
    SERVICES.get("user").publishKeys(Tokens.JWK_SET);
  }

  /** Every run counts in Redis keys of its own, so runs never see each other's requests. */
  private static final String REDIS_KEY_PREFIX = "sagashop-test:" + UUID.randomUUID();

  /**
   * How long a test waits for an answer. WebTestClient's default of 5 s is less than the first
   * request to a freshly started context can take on a busy CI machine, where every class on its
   * path is loaded and run interpreted for the first time. A test here is about the answer; the
   * gateway's own time limits are what ErrorResponsesTest and the key lookup tests check.
   */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  @Autowired WebTestClient client;

  @LocalServerPort int port;

  @BeforeEach
  void waitLongEnoughForAnAnswer() {
    client = client.mutate().responseTimeout(ANSWER_TIMEOUT).build();
  }

  @DynamicPropertySource
  static void serviceInstances(DynamicPropertyRegistry registry) {
    SERVICES.forEach(
        (service, backend) ->
            registry.add(
                "spring.cloud.discovery.client.simple.instances." + service + "[0].uri",
                backend::uri));
    registry.add(
        "spring.cloud.discovery.client.simple.instances.notification[0].uri",
        () -> "http://127.0.0.1:" + UNUSED_PORT);
    registry.add("sagashop.gateway.protection.key-prefix", () -> REDIS_KEY_PREFIX);
  }

  @AfterEach
  void resetServices() {
    SERVICES.values().forEach(TestBackend::reset);
  }

  static TestBackend service(String name) {
    return SERVICES.get(name);
  }

  static boolean noServiceWasCalled() {
    return SERVICES.values().stream().allMatch(backend -> backend.received().isEmpty());
  }

  /** The address exactly as written, without the client normalizing or encoding it. */
  URI raw(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /**
   * A client whose requests come from an address of its own (any 127.x.y.z reaches the gateway on
   * the loopback interface), so per-address limits in one test do not touch another's.
   */
  WebTestClient clientFromNewAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    InetSocketAddress address =
        new InetSocketAddress(
            "127."
                + random.nextInt(1, 255)
                + "."
                + random.nextInt(256)
                + "."
                + random.nextInt(1, 255),
            0);
    HttpClient http = HttpClient.create().bindAddress(() -> address);
    return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(ANSWER_TIMEOUT)
        .build();
  }

  private static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
