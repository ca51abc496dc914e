package org.sagashop.user.config;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.web.DomainRuleException;
import org.sagashop.user.command.CredentialStore;
import org.sagashop.user.command.Credentials;
import org.sagashop.user.command.RegisterUserCommand;
import org.sagashop.user.command.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes sure the configured administrator account exists, so a fresh system can be managed without
 * a manual step. Instances starting together may both try: the username's uniqueness lets exactly
 * one succeed, and the others find the account taken, which is what they wanted.
 */
@Component
@EnableConfigurationProperties(AdminAccountProperties.class)
class AdminAccountInitializer implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(AdminAccountInitializer.class);

  private final AdminAccountProperties admin;
  private final CredentialStore credentials;
  private final PasswordEncoder passwordEncoder;
  private final CommandGateway localCommands;

  /**
   * Sends through this instance's own command bus segment: at start the distributed bus may not
   * know any member yet, and a brand-new aggregate may be created on any instance.
   */
  AdminAccountInitializer(
      AdminAccountProperties admin,
      CredentialStore credentials,
      PasswordEncoder passwordEncoder,
      @Qualifier("localSegment") CommandBus localSegment) {
    this.admin = admin;
    this.credentials = credentials;
    this.passwordEncoder = passwordEncoder;
    this.localCommands = DefaultCommandGateway.builder().commandBus(localSegment).build();
  }

  @Override
  public void run(ApplicationArguments args) {
    Optional<Credentials> existing = credentials.findByUsername(admin.username());
    if (existing.isPresent()) {
      reportExisting(existing.get());
      return;
    }
    try {
      localCommands.sendAndWait(
          new RegisterUserCommand(
              UUID.randomUUID().toString(),
              admin.username(),
              admin.displayName(),
              admin.email(),
              passwordEncoder.encode(admin.password()),
              Set.of(Roles.USER, Roles.ADMIN)));
      log.info("Created the admin account '{}'", admin.username());
    } catch (DomainRuleException refused) {
      if (refused.code() != ErrorCode.USERNAME_TAKEN) {
        throw refused;
      }
      credentials.findByUsername(admin.username()).ifPresent(this::reportExisting);
    }
  }

  private void reportExisting(Credentials account) {
    if (account.roles().contains(Roles.ADMIN)) {
      log.info("The admin account '{}' exists", account.username());
    } else {
      log.warn(
          "The username '{}' belongs to an account without the {} role; no admin account was"
              + " created: configure another sagashop.admin.username",
          account.username(),
          Roles.ADMIN);
    }
  }
}
