package org.sagashop.platform.axon;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who acted, carried in Axon message metadata under {@value #USER_ID}. A command sent while
 * handling a signed-in user's request gets the user's id; the events that command applies, and
 * every command and event that follows from them in any service (a saga's next step, a
 * compensation, a notification), carry the same id as correlation data. A command sent with no user
 * (a deadline, a seeding script) carries none.
 */
public final class ActingUser implements MessageDispatchInterceptor<CommandMessage<?>> {

  public static final String USER_ID = "userId";

  @Override
  public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
      List<? extends CommandMessage<?>> messages) {
    return (index, command) -> {
      if (command.getMetaData().containsKey(USER_ID)) {
        return command;
      }
      Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
      if (authentication instanceof JwtAuthenticationToken token) {
        return command.andMetaData(Map.of(USER_ID, token.getToken().getSubject()));
      }
      return command;
    };
  }
}
