package org.sagashop.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class ActingUserTest {

  private final ActingUser interceptor = new ActingUser();

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aCommandSentForASignedInUserCarriesTheUsersId() {
    signIn("u-42");

    CommandMessage<?> sent = dispatch(GenericCommandMessage.asCommandMessage("place"));

    assertThat(sent.getMetaData()).containsEntry(ActingUser.USER_ID, "u-42");
  }

  @Test
  void aCommandSentWithoutAUserCarriesNone() {
    CommandMessage<?> sent = dispatch(GenericCommandMessage.asCommandMessage("deadline"));

    assertThat(sent.getMetaData()).doesNotContainKey(ActingUser.USER_ID);
  }

  @Test
  void theUserACommandAlreadyNamesIsKept() {
    signIn("u-42");
    CommandMessage<?> caused =
        GenericCommandMessage.asCommandMessage("next step")
            .andMetaData(Map.of(ActingUser.USER_ID, "u-7"));

    assertThat(dispatch(caused).getMetaData()).containsEntry(ActingUser.USER_ID, "u-7");
  }

  private CommandMessage<?> dispatch(CommandMessage<?> command) {
    return interceptor.handle(List.of(command)).apply(0, command);
  }

  private static void signIn(String userId) {
    Jwt jwt =
        Jwt.withTokenValue("token")
            .header("alg", "RS256")
            .subject(userId)
            .issuedAt(Instant.now())
            .expiresAt(Instant.now().plusSeconds(60))
            .build();
    SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
  }
}
