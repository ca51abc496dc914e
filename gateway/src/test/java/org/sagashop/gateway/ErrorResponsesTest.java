package org.sagashop.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class ErrorResponsesTest extends GatewayTestSupport {

  @Test
  void answersUnknownApiAddressWithNotFound() {
    assertProblem("/api/nothing-here", HttpStatus.NOT_FOUND, "There is nothing at this address.");
  }

  @Test
  void answersUnknownAddressOutsideTheApiWithNotFound() {
    client
        .get()
        .uri("/nothing-here")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("There is nothing at this address.");
  }

  @Test
  void explainsThatAServiceWithoutInstanceIsUnavailable() {
    assertProblem(
        "/api/wallet",
        HttpStatus.SERVICE_UNAVAILABLE,
        "The payment service is not available right now; please try again shortly.");
  }

  @Test
  void explainsThatAServiceWhoseInstanceDoesNotAnswerIsUnavailable() {
    assertProblem(
        "/api/notifications",
        HttpStatus.SERVICE_UNAVAILABLE,
        "The notification service is not available right now; please try again shortly.");
  }

  @Test
  void explainsThatASlowServiceTimedOut() {
    service("user").stall("/api/users/me");

    assertProblem(
        "/api/users/me",
        HttpStatus.GATEWAY_TIMEOUT,
        "The user service did not answer in time; please try again shortly.");
  }

  private void assertProblem(String path, HttpStatus status, String detail) {
    client
        .get()
        .uri(path)
        .headers(headers -> headers.setBearerAuth(Tokens.user()))
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("about:blank")
        .jsonPath("$.title")
        .isEqualTo(status.getReasonPhrase())
        .jsonPath("$.status")
        .isEqualTo(status.value())
        .jsonPath("$.detail")
        .isEqualTo(detail);
  }
}
