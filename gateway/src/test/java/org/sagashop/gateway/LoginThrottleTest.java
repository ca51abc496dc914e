package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@TestPropertySource(
    properties = {
      "sagashop.gateway.protection.login.window=5m",
      "sagashop.gateway.protection.login.per-account=3",
      "sagashop.gateway.protection.login.per-address=5"
    })
class LoginThrottleTest extends GatewayTestSupport {

  private static final String LOGIN = "/api/auth/login";

  @Test
  void refusesFurtherGuessesAtAnAccountWhileAnotherAccountSignsIn() {
    WebTestClient client = clientFromNewAddress();
    String victim = "Alice-" + UUID.randomUUID();
    passwordsAreWrong();
    for (int i = 0; i < 3; i++) {
      signIn(client, credentials(victim, "guess-" + i)).expectStatus().isUnauthorized();
    }

    assertThrottled(signIn(client, credentials(victim, "guess-3")));
    assertThrottled(signIn(client, credentials(victim.toUpperCase(), "guess-4")));

    passwordsAreRight();
    String honest =
        "{\"username\": \"bob-" + UUID.randomUUID() + "\", \"password\": \"p\\u00e4ss \\\"w\\\"\"}";
    signIn(client, honest).expectStatus().isOk();
    assertThat(service("user").received()).hasSize(4);
    assertThat(service("user").receivedBodies()).last().isEqualTo(honest);
  }

  @Test
  void refusesGuessesFromAnAddressThatFailedTooOften() {
    WebTestClient guesser = clientFromNewAddress();
    passwordsAreWrong();
    for (int i = 0; i < 5; i++) {
      signIn(guesser, credentials("user-" + UUID.randomUUID(), "guess"))
          .expectStatus()
          .isUnauthorized();
    }

    assertThrottled(signIn(guesser, credentials("user-" + UUID.randomUUID(), "guess")));
    signIn(clientFromNewAddress(), credentials("user-" + UUID.randomUUID(), "guess"))
        .expectStatus()
        .isUnauthorized();
    assertThat(service("user").received()).hasSize(6);
  }

  @Test
  void neverCountsSuccessfulSignIns() {
    WebTestClient client = clientFromNewAddress();
    String user = "carol-" + UUID.randomUUID();
    passwordsAreRight();

    for (int i = 0; i < 8; i++) {
      signIn(client, credentials(user, "right")).expectStatus().isOk();
    }
  }

  private void passwordsAreWrong() {
    service("user")
        .answer(
            LOGIN,
            exchange ->
                TestBackend.respond(
                    exchange,
                    401,
                    "application/problem+json",
                    "{\"status\":401,\"detail\":\"Wrong username or password\"}"));
  }

  private void passwordsAreRight() {
    service("user")
        .answer(
            LOGIN,
            exchange ->
                TestBackend.respond(exchange, 200, "application/json", "{\"accessToken\":\"t\"}"));
  }

  private static String credentials(String username, String password) {
    return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
  }

  private static WebTestClient.ResponseSpec signIn(WebTestClient client, String body) {
    return client
        .post()
        .uri(LOGIN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static void assertThrottled(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
        .expectHeader()
        .value(
            HttpHeaders.RETRY_AFTER,
            seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 300L))
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(
            detail ->
                assertThat((String) detail)
                    .startsWith(
                        "Too many failed sign-in attempts for this account or from this address."));
  }
}
