package org.sagashop.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.sagashop.platform.security.SecurityConfiguration;
import org.sagashop.platform.test.TestTokens;
import org.sagashop.platform.web.ApiExceptionHandler;
import org.sagashop.user.command.RegisterUserCommand;
import org.sagashop.user.query.FindUserProfileQuery;
import org.sagashop.user.query.UserProfile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Sign-up and the profile lookups right after it ({@code GET /api/users/me}, which the order
 * service also calls to learn who the buyer is). The profile read model is projected a moment after
 * the registration command, as the real projection does it.
 */
@WebMvcTest({AuthController.class, UserController.class})
@Import({SecurityConfiguration.class, ApiExceptionHandler.class, SignUp.class})
@TestPropertySource(
    properties = {
      "spring.cloud.config.enabled=false",
      TestTokens.JWK_SET_PROPERTY,
      "sagashop.security.public-paths=POST /api/auth/register",
      "sagashop.user.profile-wait=" + SignUpTest.PROFILE_WAIT_MILLIS + "ms"
    })
class SignUpTest {

  static final long PROFILE_WAIT_MILLIS = 1000;

  @Autowired private MockMvc mvc;
  @MockitoBean private CommandGateway commands;
  @MockitoBean private QueryGateway queries;
  @MockitoBean private PasswordEncoder passwordEncoder;
  @MockitoBean private Authenticator authenticator;
  @MockitoBean private AccessTokenIssuer tokens;

  /** The profile of each registered user, and from when the read model shows it. */
  private final Map<String, Instant> projectedAt = new ConcurrentHashMap<>();

  private void profilesAreProjectedAfter(Duration lag) {
    when(passwordEncoder.encode(any())).thenReturn("hash");
    when(commands.sendAndWait(any(RegisterUserCommand.class)))
        .thenAnswer(
            call -> {
              RegisterUserCommand command = call.getArgument(0);
              projectedAt.put(command.userId(), Instant.now().plus(lag));
              return command.userId();
            });
    doAnswer(
            call -> {
              String userId = call.<FindUserProfileQuery>getArgument(0).userId();
              Instant shownFrom = projectedAt.get(userId);
              boolean shown = shownFrom != null && !Instant.now().isBefore(shownFrom);
              return CompletableFuture.completedFuture(
                  shown
                      ? Optional.of(
                          new UserProfile(
                              userId, "bea", "Bea Buyer", "bea@example.com", List.of("USER")))
                      : Optional.empty());
            })
        .when(queries)
        .query(any(FindUserProfileQuery.class), anyResponseType());
  }

  private MvcResult signUp() throws Exception {
    return mvc.perform(
            post("/api/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"username": "bea", "password": "correct horse battery",
                     "displayName": "Bea Buyer", "email": "bea@example.com"}
                    """))
        .andExpect(status().isCreated())
        .andReturn();
  }

  private static String userIdOf(MvcResult signUp) throws Exception {
    return JsonPath.read(signUp.getResponse().getContentAsString(), "$.userId");
  }

  @Test
  void findsTheProfileAsSoonAsSignUpHasAnswered() throws Exception {
    profilesAreProjectedAfter(Duration.ofMillis(100));

    String userId = userIdOf(signUp());

    mvc.perform(get("/api/users/me").with(jwt().jwt(token -> token.subject(userId))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.userId").value(userId))
        .andExpect(jsonPath("$.displayName").value("Bea Buyer"));
  }

  @Test
  void answersSignUpWhenTheWaitForTheProfileRunsOut() throws Exception {
    profilesAreProjectedAfter(Duration.ofDays(1));
    long started = System.nanoTime();

    String userId = userIdOf(signUp());

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(PROFILE_WAIT_MILLIS));
    assertThat(projectedAt).containsKey(userId);
  }

  /** Any response type, typed: a raw {@code any(ResponseType.class)} is an unchecked call. */
  private static ResponseType<Optional<UserProfile>> anyResponseType() {
    return any();
  }
}
