package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Limits of one request each, and no Redis to count them: everything passes. */
@TestPropertySource(
    properties = {
      "sagashop.gateway.protection.rate-limit.user.replenish-rate=0.01",
      "sagashop.gateway.protection.rate-limit.user.burst-capacity=1",
      "sagashop.gateway.protection.rate-limit.anonymous.replenish-rate=0.01",
      "sagashop.gateway.protection.rate-limit.anonymous.burst-capacity=1",
      "sagashop.gateway.protection.login.per-account=1",
      "sagashop.gateway.protection.login.per-address=1"
    })
class RedisUnavailableTest extends GatewayTestSupport {

  @DynamicPropertySource
  static void redisNobodyListensTo(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.port", () -> UNUSED_PORT);
  }

  @Test
  void letsRequestsThroughUncounted() {
    String token = Tokens.user();
    WebTestClient anonymous = clientFromNewAddress();
    String credentials = "{\"username\":\"dave-" + UUID.randomUUID() + "\",\"password\":\"x\"}";
    service("user")
        .answer(
            "/api/auth/login",
            exchange -> TestBackend.respond(exchange, 401, "application/problem+json", "{}"));

    for (int i = 0; i < 3; i++) {
      client
          .get()
          .uri("/api/orders")
          .headers(headers -> headers.setBearerAuth(token))
          .exchange()
          .expectStatus()
          .isOk();
      anonymous.get().uri("/api/products").exchange().expectStatus().isOk();
      anonymous
          .post()
          .uri("/api/auth/login")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(credentials)
          .exchange()
          .expectStatus()
          .isUnauthorized();
    }

    assertThat(service("user").receivedBodies()).containsOnly(credentials).hasSize(3);
  }
}
