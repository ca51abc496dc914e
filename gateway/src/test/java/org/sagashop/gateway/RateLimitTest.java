package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Buckets of three requests that take 100 s to refill one: nothing refills during a test. */
@TestPropertySource(
    properties = {
      "sagashop.gateway.protection.rate-limit.user.replenish-rate=0.01",
      "sagashop.gateway.protection.rate-limit.user.burst-capacity=3",
      "sagashop.gateway.protection.rate-limit.anonymous.replenish-rate=0.01",
      "sagashop.gateway.protection.rate-limit.anonymous.burst-capacity=3"
    })
class RateLimitTest extends GatewayTestSupport {

  @Test
  void limitsEachUserOnItsOwn() {
    String busy = Tokens.user();
    for (int i = 0; i < 3; i++) {
      getOrders(client, busy).expectStatus().isOk();
    }

    assertLimited(getOrders(client, busy));
    getOrders(client, Tokens.user()).expectStatus().isOk();
    assertThat(service("order").received()).hasSize(4);
  }

  @Test
  void limitsRequestsWithoutTokenPerClientAddress() {
    WebTestClient busy = clientFromNewAddress();
    for (int i = 0; i < 3; i++) {
      busy.get().uri("/api/products").exchange().expectStatus().isOk();
    }

    assertLimited(busy.get().uri("/api/products").exchange());
    clientFromNewAddress().get().uri("/api/products").exchange().expectStatus().isOk();
    // a signed-in user at the same address has a bucket of its own
    getOrders(busy, Tokens.user()).expectStatus().isOk();
    assertThat(service("product").received()).hasSize(4);
  }

  /** Every route the gateway serves costs something, not only the API. */
  @Test
  void limitsEveryRouteNotOnlyTheApi() {
    for (String path :
        new String[] {"/.well-known/jwks.json", "/v3/api-docs/user", "/", "/actuator/health"}) {
      WebTestClient busy = clientFromNewAddress();
      for (int i = 0; i < 3; i++) {
        busy.get()
            .uri(path)
            .exchange()
            .expectStatus()
            .value(status -> assertThat(status).isNotEqualTo(429));
      }

      assertLimited(busy.get().uri(path).exchange());
    }
  }

  private static WebTestClient.ResponseSpec getOrders(WebTestClient client, String token) {
    return client
        .get()
        .uri("/api/orders")
        .headers(headers -> headers.setBearerAuth(token))
        .exchange();
  }

  private static void assertLimited(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "100")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(429)
        .jsonPath("$.detail")
        .isEqualTo("Too many requests in a short time. Please wait 100 seconds.");
  }
}
