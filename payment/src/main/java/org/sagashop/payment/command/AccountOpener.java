package org.sagashop.payment.command;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.sagashop.coreapi.user.event.UserRegisteredEvent;

/**
 * Opens a payment account, with the configured starting balance, for every user who registers. The
 * user service's event reaches this service's event store through the inbox.
 */
@ProcessingGroup(AccountOpener.PROCESSING_GROUP)
public class AccountOpener {

  public static final String PROCESSING_GROUP = "account-opener";

  static final long TIMEOUT_SECONDS = 30;

  private final CommandGateway commandGateway;
  private final BigDecimal startingBalance;

  public AccountOpener(CommandGateway commandGateway, BigDecimal startingBalance) {
    this.commandGateway = commandGateway;
    this.startingBalance = startingBalance;
  }

  /**
   * Waits for the account to be opened on purpose. If opening fails, the exception fails this
   * event, so the processor retries it with back-off and its token never moves past a user who got
   * no account; a command sent and forgotten would lose the account for good. The retry is safe
   * because opening an account that is already open changes nothing. A replay rebuilds read models
   * and has no business sending commands, so it skips this handler.
   */
  @EventHandler
  @DisallowReplay
  void on(UserRegisteredEvent event) {
    commandGateway.sendAndWait(
        new OpenAccountCommand(event.userId(), startingBalance), TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
