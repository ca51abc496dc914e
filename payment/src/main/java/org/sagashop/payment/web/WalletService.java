package org.sagashop.payment.web;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.sagashop.payment.command.DepositMoneyCommand;
import org.sagashop.payment.config.PaymentProperties;
import org.sagashop.payment.query.AccountBalance;
import org.sagashop.payment.query.FindAccountQuery;
import org.sagashop.platform.web.ReadModelWait;
import org.springframework.stereotype.Service;

/**
 * The signed-in user's wallet. Their account is opened from the registration event a moment after
 * sign-up has answered (the event travels through the broker, this service's inbox and the account
 * opener, on any instance), and a user who looks at once must get their wallet, not a refusal. So a
 * request for an account that is not open yet waits for it to show in the balance read model, up to
 * {@code sagashop.payment.account-wait}, and only then answers that there is none. A request for an
 * open account does not wait; a token whose user never registered waits the whole bound.
 */
@Service
class WalletService {

  private static final long TIMEOUT_SECONDS = 10;

  private final CommandGateway commandGateway;
  private final QueryGateway queryGateway;
  private final ReadModelWait accountWait;

  WalletService(
      CommandGateway commandGateway, QueryGateway queryGateway, PaymentProperties properties) {
    this.commandGateway = commandGateway;
    this.queryGateway = queryGateway;
    this.accountWait = new ReadModelWait(properties.accountWait());
  }

  /** The user's account, or empty when it is still not open after the wait. */
  Optional<AccountBalance> account(String userId) {
    return accountWait.until(() -> find(userId));
  }

  /**
   * Deposits into the user's account once it is open: the account refuses commands until it has
   * been opened, and it is open as soon as the read model shows it.
   *
   * @return the balance after the deposit, which the read model may not show yet; empty when the
   *     account is still not open after the wait, and nothing was deposited
   */
  Optional<BigDecimal> deposit(String userId, BigDecimal amount) {
    if (account(userId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        commandGateway.sendAndWait(
            new DepositMoneyCommand(userId, amount), TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }

  private Optional<AccountBalance> find(String userId) {
    return queryGateway
        .query(new FindAccountQuery(userId), ResponseTypes.optionalInstanceOf(AccountBalance.class))
        .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .join();
  }
}
