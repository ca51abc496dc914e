package org.sagashop.user.command;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens an account. Only this service sends it: the password arrives already hashed and never
 * leaves the command side (it is kept in the credential store, not in the event).
 */
public record RegisterUserCommand(
    @TargetAggregateIdentifier String userId,
    String username,
    String displayName,
    String email,
    String passwordHash,
    Set<String> roles) {

  public RegisterUserCommand {
    roles = Set.copyOf(roles);
  }

  /** Keeps the hash out of log lines and exception messages that print the command. */
  @Override
  public String toString() {
    return "RegisterUserCommand[userId="
        + userId
        + ", username="
        + username
        + ", displayName="
        + displayName
        + ", email="
        + email
        + ", passwordHash=<hidden>, roles="
        + roles
        + "]";
  }
}
