package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class CorsTest extends GatewayTestSupport {

  private static final String FRONT_END = "http://localhost:5173";

  @Test
  void allowsPreflightFromTheFrontEnd() {
    client
        .options()
        .uri("/api/orders")
        .header(HttpHeaders.ORIGIN, FRONT_END)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization, content-type, idempotency-key")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONT_END)
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
            allowed ->
                assertThat(allowed.toLowerCase())
                    .contains("authorization", "content-type", "idempotency-key"));

    assertThat(noServiceWasCalled()).isTrue();
  }

  @Test
  void refusesPreflightFromAnotherOrigin() {
    client
        .options()
        .uri("/api/orders")
        .header(HttpHeaders.ORIGIN, "https://attacker.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);

    assertThat(noServiceWasCalled()).isTrue();
  }

  @Test
  void refusesPreflightForMethodTheApiDoesNotOffer() {
    client
        .options()
        .uri("/api/orders/7")
        .header(HttpHeaders.ORIGIN, FRONT_END)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void refusesRequestFromAnotherOrigin() {
    client
        .get()
        .uri("/api/products")
        .header(HttpHeaders.ORIGIN, "https://attacker.example")
        .exchange()
        .expectStatus()
        .isForbidden();

    assertThat(noServiceWasCalled()).isTrue();
  }

  @Test
  void letsTheFrontEndReadTheLocationOfACreatedOrder() {
    service("order")
        .answer(
            "/api/orders",
            exchange -> {
              exchange.getResponseHeaders().set(HttpHeaders.LOCATION, "/api/orders/7");
              TestBackend.respond(exchange, 202, "application/json", "{\"orderId\":\"7\"}");
            });

    client
        .post()
        .uri("/api/orders")
        .header(HttpHeaders.ORIGIN, FRONT_END)
        .headers(headers -> headers.setBearerAuth(Tokens.user()))
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONT_END)
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
            exposed -> assertThat(exposed).contains(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER))
        .expectHeader()
        .valueEquals(HttpHeaders.LOCATION, "/api/orders/7");
  }
}
