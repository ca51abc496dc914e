package org.sagashop.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;
import org.sagashop.accesstokens.JwtProperties;
import org.sagashop.coreapi.user.event.UserRegisteredEvent;
import org.sagashop.platform.test.ServiceIntegrationTest;
import org.sagashop.platform.test.TestTokens;
import org.sagashop.user.command.RegisterUserCommand;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.TestPropertySource;

/**
 * The user service against the real PostgreSQL and RabbitMQ, driven over HTTP as a client would. It
 * reads the service's real config-repo file (the path is relative to the module directory, where
 * Maven runs the tests), so the public paths under test are the ones deployed. Usernames are fresh
 * per test, so runs against the same database do not collide; the admin account is created by the
 * first run and found by the later ones.
 */
@ServiceIntegrationTest
@TestPropertySource(
    properties = {
      "spring.config.import=file:../infra/config-repo/user.yml",
      "sagashop.security.jwt.signing.key-location=" + TestTokens.KEY_LOCATION,
      "sagashop.admin.username=it-admin",
      "sagashop.admin.password=it-admin-password",
      "sagashop.admin.display-name=Integration test administrator",
      "sagashop.admin.email=it-admin@sagashop.test"
    })
class UserServiceIT {

  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  private static final String PASSWORD = "correct horse battery";

  @Autowired private TestRestTemplate http;
  @Autowired private JwtDecoder jwtDecoder;
  @Autowired private JwtProperties jwtProperties;
  @Autowired private CommandGateway commands;
  @Autowired private JdbcTemplate jdbc;
  @Autowired private EventProcessingConfiguration processing;

  @Test
  void registersSignsInAndShowsTheCallerTheirProfile() {
    String username = freshUsername("Buyer");

    ResponseEntity<Map<String, Object>> registered =
        register(username, PASSWORD, "Bea Buyer", "bea@example.com");

    assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(registered.getHeaders().getLocation()).hasToString("/api/users/me");
    String userId = (String) registered.getBody().get("userId");
    assertThat(UUID.fromString(userId)).hasToString(userId);

    ResponseEntity<Map<String, Object>> login = login(username.toUpperCase(), PASSWORD);
    assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(login.getBody())
        .containsEntry("tokenType", "Bearer")
        .containsEntry("expiresIn", (int) jwtProperties.timeToLive().toSeconds());
    String token = (String) login.getBody().get("accessToken");
    Jwt jwt = jwtDecoder.decode(token);
    assertThat(jwt.getSubject()).isEqualTo(userId);
    assertThat(jwt.getClaimAsString("username")).isEqualTo(username.toLowerCase());
    assertThat(jwt.getClaimAsStringList("roles")).containsExactly("USER");

    ResponseEntity<Map<String, Object>> profile =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> me(token), response -> response.getStatusCode() == HttpStatus.OK);
    assertThat(profile.getBody())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "userId",
                userId,
                "username",
                username.toLowerCase(),
                "displayName",
                "Bea Buyer",
                "email",
                "bea@example.com",
                "roles",
                List.of("USER")));
  }

  @Test
  void findsTheProfileAsSoonAsSignUpHasAnswered() {
    String username = freshUsername("Eager");

    ResponseEntity<Map<String, Object>> registered =
        register(username, PASSWORD, "Eve Eager", "eve@example.com");
    String userId = (String) registered.getBody().get("userId");
    ResponseEntity<Map<String, Object>> profile = me(TestTokens.user(userId));

    assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(profile.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(profile.getBody())
        .containsEntry("userId", userId)
        .containsEntry("displayName", "Eve Eager");
  }

  /**
   * PostgreSQL refuses U+0000 in a text column only when the transaction commits, after the
   * projection's handler has returned: such an event must be parked like any other failure, and the
   * profiles of the other users (of both segments) must keep coming.
   */
  @Test
  void parksAProfileThatFailsAtCommitAndKeepsProjectingTheOthers() {
    String poisoned = UUID.randomUUID().toString();
    commands.sendAndWait(
        new RegisterUserCommand(
            poisoned,
            freshUsername("Poison").toLowerCase(),
            "Nul\u0000Name",
            "poison@example.com",
            "not-a-hash",
            Set.of("USER")));
    List<String> others =
        IntStream.range(0, 12)
            .mapToObj(
                i -> {
                  String userId = UUID.randomUUID().toString();
                  commands.sendAndWait(
                      new RegisterUserCommand(
                          userId,
                          freshUsername("After").toLowerCase(),
                          "After " + i,
                          "after@example.com",
                          "not-a-hash",
                          Set.of("USER")));
                  return userId;
                })
            .toList();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(profilesOf(others)).isEqualTo(others.size()));
    assertThat(profilesOf(List.of(poisoned))).isZero();
    SequencedDeadLetterQueue<EventMessage<?>> parked =
        processing.deadLetterQueue("user-profiles").orElseThrow();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(parked.contains(poisoned)).isTrue());
    assertThat(parked.deadLetterSequence(poisoned))
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.message().getPayload()).isInstanceOf(UserRegisteredEvent.class);
              assertThat(letter.cause().orElseThrow().message()).contains("0x00");
            });
  }

  private int profilesOf(List<String> userIds) {
    return jdbc.queryForObject(
        "select count(*) from user_profile where user_id = any(?)",
        Integer.class,
        (Object) userIds.toArray(String[]::new));
  }

  @Test
  void publishesThePublicHalfOfTheSigningKeyForEveryone() {
    ResponseEntity<Map<String, Object>> jwks =
        http.exchange("/.well-known/jwks.json", HttpMethod.GET, null, JSON);

    assertThat(jwks.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(jwks.getHeaders().getCacheControl()).contains("max-age=300");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys = (List<Map<String, Object>>) jwks.getBody().get("keys");
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0))
        .containsEntry("kid", TestTokens.KEY_ID)
        .containsEntry("kty", "RSA")
        .containsEntry("alg", "RS256")
        .containsKeys("n", "e")
        .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
    String token = (String) login("it-admin", "it-admin-password").getBody().get("accessToken");
    assertThat(jwtDecoder.decode(token).getHeaders()).containsEntry("kid", TestTokens.KEY_ID);
  }

  @Test
  void refusesAUsernameTakenInAnotherCaseWithAConflict() {
    String username = freshUsername("Taken");
    assertThat(register(username, PASSWORD, "First", "first@example.com").getStatusCode())
        .isEqualTo(HttpStatus.CREATED);

    ResponseEntity<Map<String, Object>> second =
        register(username.toUpperCase(), "another password", "Second", "second@example.com");

    assertProblem(second, HttpStatus.CONFLICT, "USERNAME_TAKEN");
    assertThat(second.getBody())
        .containsEntry("detail", "This username is taken: please choose another");
    assertThat(login(username, "another password").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(login(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void letsExactlyOneOfConcurrentRegistrationsOfANameSucceed() {
    String username = freshUsername("Race");
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<HttpStatus>> attempts =
          IntStream.range(0, 4)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () ->
                              HttpStatus.valueOf(
                                  register(username, PASSWORD, "Racer " + i, "race@example.com")
                                      .getStatusCode()
                                      .value()),
                          clients))
              .toList();
      List<HttpStatus> statuses = attempts.stream().map(CompletableFuture::join).toList();

      assertThat(statuses)
          .containsOnly(HttpStatus.CREATED, HttpStatus.CONFLICT)
          .filteredOn(status -> status == HttpStatus.CREATED)
          .hasSize(1);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void refusesAnInvalidRegistrationFieldByFieldAndStoresNothing() {
    String username = freshUsername("Careful");

    ResponseEntity<Map<String, Object>> refused = register(username, "short", " ", "not-an-email");

    assertProblem(refused, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertThat(fieldsWithErrors(refused))
        .containsExactlyInAnyOrder("password", "displayName", "email");
    assertThat(login(username, "short").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(register(username, PASSWORD, "Careful", "careful@example.com").getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void refusesUsernamesAndPasswordsOutsideTheRules() {
    assertThat(fieldsWithErrors(register("ab", PASSWORD, "Short", "s@example.com")))
        .containsExactly("username");
    assertThat(fieldsWithErrors(register("has space", PASSWORD, "Space", "s@example.com")))
        .containsExactly("username");
    assertThat(fieldsWithErrors(register("x".repeat(33), PASSWORD, "Long", "l@example.com")))
        .containsExactly("username");
    assertThat(
            fieldsWithErrors(
                register(freshUsername("Long"), "ü".repeat(40), "Long", "l@example.com")))
        .containsExactly("password");
    assertThat(
            fieldsWithErrors(
                register(freshUsername("Name"), PASSWORD, "n".repeat(65), "n@example.com")))
        .containsExactly("displayName");
  }

  @Test
  void refusesControlCharactersAndDuplicateKeysWithABadRequest() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String username = freshUsername("Nul");

    ResponseEntity<Map<String, Object>> nul =
        register(username, PASSWORD, "Nul\u0000Name", "nul@example.com");
    ResponseEntity<Map<String, Object>> bidi =
        register(username, PASSWORD, "Bea \u202Eyub", "bidi@example.com");
    ResponseEntity<Map<String, Object>> duplicate =
        http.exchange(
            "/api/auth/login",
            HttpMethod.POST,
            new HttpEntity<>(
                "{\"username\": \"a\", \"username\": \"b\", \"password\": \"p\"}", headers),
            JSON);

    assertProblem(nul, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertThat((String) nul.getBody().get("detail")).contains("U+0000", "displayName");
    assertProblem(bidi, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertProblem(duplicate, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertThat(login(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void refusesARequestBodyThatIsNotTheExpectedJson() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);

    ResponseEntity<Map<String, Object>> malformed =
        http.exchange(
            "/api/auth/register",
            HttpMethod.POST,
            new HttpEntity<>("{\"username\": ", headers),
            JSON);
    ResponseEntity<Map<String, Object>> unknownField =
        http.exchange(
            "/api/auth/login",
            HttpMethod.POST,
            new HttpEntity<>(
                Map.of("username", "someone", "password", PASSWORD, "admin", true), headers),
            JSON);

    assertProblem(malformed, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertProblem(unknownField, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
  }

  @Test
  void answersAWrongPasswordAndAnUnknownUserAlike() {
    String username = freshUsername("Known");
    register(username, PASSWORD, "Known", "known@example.com");

    ResponseEntity<Map<String, Object>> wrongPassword = login(username, "not the password");
    ResponseEntity<Map<String, Object>> unknownUser = login(freshUsername("Nobody"), PASSWORD);

    assertProblem(wrongPassword, HttpStatus.UNAUTHORIZED, "BAD_CREDENTIALS");
    assertProblem(unknownUser, HttpStatus.UNAUTHORIZED, "BAD_CREDENTIALS");
    assertThat(wrongPassword.getBody().get("detail"))
        .isEqualTo(unknownUser.getBody().get("detail"))
        .isEqualTo("Wrong username or password");
  }

  @Test
  void requiresATokenForTheProfile() {
    ResponseEntity<Map<String, Object>> response =
        http.exchange("/api/users/me", HttpMethod.GET, HttpEntity.EMPTY, JSON);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void answersNotFoundForAValidTokenWithoutAProfile() {
    assertProblem(
        me(TestTokens.user(UUID.randomUUID().toString())), HttpStatus.NOT_FOUND, "USER_NOT_FOUND");
  }

  @Test
  void hasTheConfiguredAdminAccountFromTheStart() {
    ResponseEntity<Map<String, Object>> login = login("it-admin", "it-admin-password");

    assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
    String token = (String) login.getBody().get("accessToken");
    assertThat(jwtDecoder.decode(token).getClaimAsStringList("roles"))
        .containsExactlyInAnyOrder("USER", "ADMIN");
    ResponseEntity<Map<String, Object>> profile =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> me(token), response -> response.getStatusCode() == HttpStatus.OK);
    assertThat(profile.getBody())
        .containsEntry("username", "it-admin")
        .containsEntry("displayName", "Integration test administrator")
        .containsEntry("roles", List.of("ADMIN", "USER"));
  }

  private static String freshUsername(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private ResponseEntity<Map<String, Object>> register(
      String username, String password, String displayName, String email) {
    Map<String, Object> body = new HashMap<>();
    body.put("username", username);
    body.put("password", password);
    body.put("displayName", displayName);
    body.put("email", email);
    return http.exchange("/api/auth/register", HttpMethod.POST, new HttpEntity<>(body), JSON);
  }

  private ResponseEntity<Map<String, Object>> login(String username, String password) {
    return http.exchange(
        "/api/auth/login",
        HttpMethod.POST,
        new HttpEntity<>(Map.of("username", username, "password", password)),
        JSON);
  }

  private ResponseEntity<Map<String, Object>> me(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    return http.exchange("/api/users/me", HttpMethod.GET, new HttpEntity<>(headers), JSON);
  }

  private static void assertProblem(
      ResponseEntity<Map<String, Object>> response, HttpStatus status, String code) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody())
        .containsEntry("status", status.value())
        .containsEntry("code", code)
        .containsKey("detail");
  }

  @SuppressWarnings("unchecked")
  private static List<String> fieldsWithErrors(ResponseEntity<Map<String, Object>> response) {
    assertProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    return ((List<Map<String, String>>) response.getBody().get("errors"))
        .stream().map(error -> error.get("field")).distinct().toList();
  }
}
