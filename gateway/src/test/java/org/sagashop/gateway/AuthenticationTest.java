package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sagashop.gateway.TestBackend.ReceivedRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class AuthenticationTest extends GatewayTestSupport {

  @Test
  void refusesApiRequestWithoutToken() {
    client
        .get()
        .uri("/api/orders")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(401)
        .jsonPath("$.detail")
        .isEqualTo(
            "A valid access token is required: sign in and send it as 'Authorization: Bearer <token>'.");

    assertThat(noServiceWasCalled()).isTrue();
  }

  @Test
  void passesValidTokenOnToTheService() {
    String token = Tokens.user();

    client
        .get()
        .uri("/api/orders")
        .headers(headers -> headers.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();

    assertThat(service("order").received())
        .containsExactly(new ReceivedRequest("GET", "/api/orders", "Bearer " + token));
  }

  @Test
  void refusesTokenSignedByAnUnknownKey() {
    assertTokenRefused(Tokens.signedWithAnUnknownKey());
  }

  @Test
  void refusesTokenSignedByAnotherKeyUnderThePublishedKeyId() {
    assertTokenRefused(Tokens.signedWithAnotherKeyUnderThePublishedKeyId());
  }

  @Test
  void refusesUnsignedToken() {
    assertTokenRefused(Tokens.unsigned());
  }

  @Test
  void refusesHmacTokenKeyedWithThePublicKey() {
    assertTokenRefused(Tokens.hmacKeyedWithThePublicKey());
  }

  @Test
  void refusesTamperedToken() {
    assertTokenRefused(Tokens.tamperedToClaimAdmin());
  }

  @Test
  void forgedKeyIdsDoNotMakeTheGatewayFetchTheKeysAgainAndAgain() {
    // signed first (a new RSA key each, seconds for the twenty on a loaded machine): the flood
    // itself then takes a moment
    List<String> forged = Stream.generate(Tokens::signedWithAnUnknownKey).limit(20).toList();
    int before = service("user").keySetFetches();

    forged.forEach(this::assertTokenRefused);

    // Each 30 s window allows two fetches, the second kept for a key rotated just after the
    // first. A flood that starts near the end of one window may use that window's second fetch
    // and both of the next: three at most, however many forged tokens arrive.
    assertThat(service("user").keySetFetches() - before).isLessThanOrEqualTo(3);
  }

  @Test
  void refusesExpiredToken() {
    assertTokenRefused(Tokens.expired());
  }

  @Test
  void refusesTokenForAnotherAudience() {
    assertTokenRefused(Tokens.forAnotherAudience());
  }

  @Test
  void refusesTokenFromAnotherIssuer() {
    assertTokenRefused(Tokens.fromAnotherIssuer());
  }

  @Test
  void refusesMalformedToken() {
    assertTokenRefused("not-a-token");
  }

  @Test
  void letsAnyoneBrowseTheCatalog() {
    client.get().uri("/api/products").exchange().expectStatus().isOk();
    client.get().uri("/api/products/42").exchange().expectStatus().isOk();

    assertThat(service("product").received())
        .containsExactly(
            new ReceivedRequest("GET", "/api/products", null),
            new ReceivedRequest("GET", "/api/products/42", null));
  }

  @Test
  void letsAnyoneRegisterAndSignIn() {
    client.post().uri("/api/auth/register").exchange().expectStatus().isOk();
    client
        .post()
        .uri("/api/auth/login")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"username\": \"someone\", \"password\": \"secret\"}")
        .exchange()
        .expectStatus()
        .isOk();

    assertThat(service("user").received())
        .containsExactly(
            new ReceivedRequest("POST", "/api/auth/register", null),
            new ReceivedRequest("POST", "/api/auth/login", null));
  }

  @Test
  void requiresTokenToChangeTheCatalog() {
    client.post().uri("/api/products").exchange().expectStatus().isUnauthorized();
    client.post().uri("/api/products/42/restock").exchange().expectStatus().isUnauthorized();

    assertThat(noServiceWasCalled()).isTrue();
  }

  @Test
  void requiresTokenForAnythingElseOfTheUserService() {
    client.get().uri("/api/users/me").exchange().expectStatus().isUnauthorized();
    client.get().uri("/api/auth/login").exchange().expectStatus().isUnauthorized();

    assertThat(noServiceWasCalled()).isTrue();
  }

  @Test
  void leavesHealthAndInfoOpen() {
    client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    client.get().uri("/actuator/info").exchange().expectStatus().isOk();
  }

  @Test
  void keepsGatewayMetricsForAdministrators() {
    client.get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
    client
        .get()
        .uri("/actuator/metrics")
        .headers(headers -> headers.setBearerAuth(Tokens.user()))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("Your account is not allowed to do this.");
    client
        .get()
        .uri("/actuator/metrics")
        .headers(headers -> headers.setBearerAuth(Tokens.admin()))
        .exchange()
        .expectStatus()
        .isOk();
  }

  private void assertTokenRefused(String token) {
    client
        .get()
        .uri("/api/orders")
        .headers(headers -> headers.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("The access token is not valid or has expired: sign in again.");

    assertThat(noServiceWasCalled()).isTrue();
  }
}
