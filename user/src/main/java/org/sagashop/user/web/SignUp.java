package org.sagashop.user.web;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.sagashop.platform.web.ReadModelWait;
import org.sagashop.user.command.RegisterUserCommand;
import org.sagashop.user.command.Roles;
import org.sagashop.user.config.UserProperties;
import org.sagashop.user.query.FindUserProfileQuery;
import org.sagashop.user.query.UserProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Registers a new user, and answers only once their profile can be read. The profile read model is
 * projected from the registration event a moment after the event is stored, possibly by the other
 * instance of this service, whose processor may own the event's segment; a client, or the order
 * service reading the buyer's profile, that asks right after sign-up must find the user.
 *
 * <p>Sign-up waits, not the lookups, for three reasons. It reads the read model itself, in the
 * database all instances share, so it sees the profile whichever instance projected it; an in-JVM
 * signal (a subscription query update, this instance's processor) would miss the other instance's
 * work. Once sign-up has answered, every lookup on every instance finds the profile at once: the
 * order service's short read timeout and slow-call threshold never meet a lookup that waits. And a
 * token whose user does not exist still gets its 404 at once. The wait is bounded ({@code
 * sagashop.user.profile-wait}); if the projection is stalled beyond it, sign-up still answers 201,
 * because the registration is stored: refusing it would make the user's next attempt fail with
 * "username taken".
 */
@Service
@EnableConfigurationProperties(UserProperties.class)
class SignUp {

  private static final Logger log = LoggerFactory.getLogger(SignUp.class);

  private static final long QUERY_TIMEOUT_SECONDS = 10;

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final PasswordEncoder passwordEncoder;
  private final ReadModelWait profileWait;

  SignUp(
      CommandGateway commands,
      QueryGateway queries,
      PasswordEncoder passwordEncoder,
      UserProperties properties) {
    this.commands = commands;
    this.queries = queries;
    this.passwordEncoder = passwordEncoder;
    this.profileWait = new ReadModelWait(properties.profileWait());
  }

  /** The new user's id. */
  String register(RegisterRequest request) {
    String userId = UUID.randomUUID().toString();
    commands.sendAndWait(
        new RegisterUserCommand(
            userId,
            request.username(),
            request.displayName(),
            request.email(),
            passwordEncoder.encode(request.password()),
            Set.of(Roles.USER)));
    if (profileWait.until(() -> profileOf(userId)).isEmpty()) {
      log.warn(
          "The profile of the new user {} is still not readable after the wait for it; sign-up"
              + " answers all the same, the registration is stored",
          userId);
    }
    return userId;
  }

  private Optional<UserProfile> profileOf(String userId) {
    return queries
        .query(
            new FindUserProfileQuery(userId), ResponseTypes.optionalInstanceOf(UserProfile.class))
        .orTimeout(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .join();
  }
}
