package org.sagashop.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

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
      "sagashop.security.jwt.secret=" + Tokens.SECRET,
      "spring.cloud.gateway.server.webflux.httpclient.response-timeout=2s"
    })
abstract class GatewayTestSupport {

  static final Map<String, TestBackend> SERVICES =
      Map.of(
          "user", TestBackend.start(),
          "product", TestBackend.start(),
          "order", TestBackend.start());

  private static final int UNUSED_PORT = unusedPort();

  @Autowired WebTestClient client;

  @LocalServerPort int port;

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

  private static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
