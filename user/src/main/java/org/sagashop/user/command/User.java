package org.sagashop.user.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.user.event.UserRegisteredEvent;
import org.sagashop.platform.web.DomainRuleException;

/** A user account. */
@Aggregate
class User {

  @AggregateIdentifier private String userId;

  User() {}

  /**
   * The username is claimed in the credential store within this command's transaction, so a user
   * exists in the event store exactly when their credentials exist, and two registrations racing
   * for one name cannot both succeed.
   */
  @CommandHandler
  User(RegisterUserCommand command, CredentialStore credentials) {
    String username = CredentialStore.canonical(command.username());
    boolean claimed =
        credentials.claim(
            new Credentials(command.userId(), username, command.passwordHash(), command.roles()));
    if (!claimed) {
      // Sign-up has to say that a name is taken, or nobody could choose another; it does not echo
      // the name back, and the gateway limits attempts per address, so names cannot be checked in
      // bulk (SECURITY.md)
      throw new DomainRuleException(
          ErrorCode.USERNAME_TAKEN, "This username is taken: please choose another");
    }
    apply(
        new UserRegisteredEvent(
            command.userId(), username, command.displayName(), command.email(), command.roles()));
  }

  @EventSourcingHandler
  void on(UserRegisteredEvent event) {
    userId = event.userId();
  }
}
