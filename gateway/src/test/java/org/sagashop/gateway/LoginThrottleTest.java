package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
      "sagashop.gateway.protection.login.per-address=5",
      "sagashop.gateway.protection.registration.window=1h",
      "sagashop.gateway.protection.registration.per-address=3"
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

  /** Guesses from one address must not lock the account's owner out everywhere (issue #12). */
  @Test
  void letsTheRightPasswordInFromAnotherAddressWhileOneAddressIsThrottled() {
    WebTestClient guesser = clientFromNewAddress();
    String victim = "admin-" + UUID.randomUUID();
    passwordsAreWrong();
    for (int i = 0; i < 3; i++) {
      signIn(guesser, credentials(victim, "guess-" + i)).expectStatus().isUnauthorized();
    }
    assertThrottled(signIn(guesser, credentials(victim, "guess-3")));

    passwordsAreRight();
    signIn(clientFromNewAddress(), credentials(victim, "right")).expectStatus().isOk();
    assertThat(service("user").received()).hasSize(4);
  }

  /**
   * The user service reads a body in the charset its Content-Type names; the gateway must count the
   * attempt against the same account, not let it pass uncounted because it read the bytes as UTF-8.
   */
  @Test
  void countsGuessesAtAnAccountWhateverCharsetTheBodyIsIn() {
    WebTestClient client = clientFromNewAddress();
    String victim = "dora-" + UUID.randomUUID();
    passwordsAreWrong();
    for (int i = 0; i < 3; i++) {
      signInLatin1(client, credentials(victim, "g\u00e4ss-" + i)).expectStatus().isUnauthorized();
    }

    assertThrottled(signInLatin1(client, credentials(victim, "g\u00e4ss-3")));
    assertThat(service("user").received()).hasSize(3);
  }

  @Test
  void refusesASignInBodyItCannotReadInsteadOfPassingItOnUncounted() {
    WebTestClient client = clientFromNewAddress();
    passwordsAreWrong();

    for (String body :
        List.of(
            "{\"username\": \"eve\", \"username\": \"mallory\", \"password\": \"p\"}",
            "{\"username\": \"eve\", \"password\": ",
            "[\"eve\", \"p\"]",
            "{\"username\": 42, \"password\": \"p\"}")) {
      signIn(client, body)
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
    assertThat(service("user").received()).isEmpty();
  }

  /**
   * Every attempt to register counts, whatever the answer: a taken name tells as much as a free
   * one, and each attempt costs a password hash.
   */
  @Test
  void limitsRegistrationsPerAddress() {
    WebTestClient client = clientFromNewAddress();
    service("user")
        .answer(
            "/api/auth/register",
            exchange ->
                TestBackend.respond(exchange, 409, "application/problem+json", "{\"status\":409}"));
    for (int i = 0; i < 3; i++) {
      register(client).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    register(client)
        .expectStatus()
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
        .expectHeader()
        .exists(HttpHeaders.RETRY_AFTER)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    register(clientFromNewAddress()).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    assertThat(service("user").received()).hasSize(4);
  }

  private static WebTestClient.ResponseSpec register(WebTestClient client) {
    return client
        .post()
        .uri("/api/auth/register")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"username\":\"u"
                + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"password\":\"correct horse battery\",\"displayName\":\"U\","
                + "\"email\":\"u@example.com\"}")
        .exchange();
  }

  private static WebTestClient.ResponseSpec signInLatin1(WebTestClient client, String body) {
    return client
        .post()
        .uri(LOGIN)
        .contentType(MediaType.parseMediaType("application/json;charset=ISO-8859-1"))
        .bodyValue(body.getBytes(StandardCharsets.ISO_8859_1))
        .exchange();
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
