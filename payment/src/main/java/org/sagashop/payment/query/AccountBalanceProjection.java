package org.sagashop.payment.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.sagashop.coreapi.payment.event.AccountOpenedEvent;
import org.sagashop.coreapi.payment.event.MoneyDepositedEvent;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;
import org.springframework.stereotype.Component;

/**
 * The balance of every account. Each event carries the balance after it, so the row is set to that
 * balance rather than adjusted by the amount: handling an event a second time (after a retried
 * batch, say) leaves the row as it was. The time of the row is the event's, so a replay rebuilds
 * the table exactly.
 */
@Component
@ProcessingGroup(AccountBalanceProjection.PROCESSING_GROUP)
class AccountBalanceProjection {

  static final String PROCESSING_GROUP = "account-balance";

  private final AccountBalanceRepository repository;

  AccountBalanceProjection(AccountBalanceRepository repository) {
    this.repository = repository;
  }

  @EventHandler
  void on(AccountOpenedEvent event, @Timestamp Instant at) {
    show(event.accountId(), event.startingBalance(), at);
  }

  @EventHandler
  void on(MoneyDepositedEvent event, @Timestamp Instant at) {
    show(event.accountId(), event.balance(), at);
  }

  @EventHandler
  void on(PaymentApprovedEvent event, @Timestamp Instant at) {
    show(event.accountId(), event.balance(), at);
  }

  @EventHandler
  void on(PaymentRefundedEvent event, @Timestamp Instant at) {
    show(event.accountId(), event.balance(), at);
  }

  @ResetHandler
  void reset() {
    repository.deleteAll();
  }

  @QueryHandler
  Optional<AccountBalance> handle(FindAccountQuery query) {
    return repository.findById(query.accountId()).map(AccountBalanceEntry::toView);
  }

  private void show(String accountId, BigDecimal balance, Instant at) {
    repository.save(
        repository
            .findById(accountId)
            .map(entry -> entry.balanceChangedTo(balance, at))
            .orElseGet(() -> AccountBalanceEntry.opened(accountId, balance, at)));
  }
}
