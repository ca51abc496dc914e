package org.sagashop.payment.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.payment.event.AccountOpenedEvent;
import org.sagashop.coreapi.payment.event.MoneyDepositedEvent;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;

class AccountBalanceProjectionTest {

  private static final String ACCOUNT = "0c9f1a2b-7d3e-4f5a-9b8c-6d7e8f9a0b1c";
  private static final String ORDER = "1d0a2b3c-8e4f-4a6b-ac9d-7e8f9a0b1c2d";
  private static final Instant OPENED_AT = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2025-03-01T11:30:00Z");

  private final InMemoryAccountBalances balances = new InMemoryAccountBalances();
  private final AccountBalanceProjection projection = new AccountBalanceProjection(balances);

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }

  private Optional<AccountBalance> find(String accountId) {
    return projection.handle(new FindAccountQuery(accountId));
  }

  @Test
  void showsTheStartingBalanceOfANewAccount() {
    projection.on(new AccountOpenedEvent(ACCOUNT, money("500.00")), OPENED_AT);

    assertThat(find(ACCOUNT)).contains(new AccountBalance(ACCOUNT, money("500.00")));
    assertThat(balances.rows.get(ACCOUNT).updatedAt()).isEqualTo(OPENED_AT);
  }

  @Test
  void followsEveryChangeOfTheBalance() {
    projection.on(new AccountOpenedEvent(ACCOUNT, money("500.00")), OPENED_AT);

    projection.on(
        new MoneyDepositedEvent(ACCOUNT, money("25.00"), money("525.00")),
        OPENED_AT.plusSeconds(1));
    assertThat(find(ACCOUNT)).contains(new AccountBalance(ACCOUNT, money("525.00")));

    projection.on(
        new PaymentApprovedEvent(ACCOUNT, ORDER, money("80.00"), money("445.00")),
        OPENED_AT.plusSeconds(2));
    assertThat(find(ACCOUNT)).contains(new AccountBalance(ACCOUNT, money("445.00")));

    projection.on(new PaymentRefundedEvent(ACCOUNT, ORDER, money("80.00"), money("525.00")), LATER);
    assertThat(find(ACCOUNT)).contains(new AccountBalance(ACCOUNT, money("525.00")));
    assertThat(balances.rows.get(ACCOUNT).updatedAt()).isEqualTo(LATER);
  }

  @Test
  void handlingAnEventTwiceLeavesTheBalanceAsItWas() {
    projection.on(new AccountOpenedEvent(ACCOUNT, money("500.00")), OPENED_AT);
    PaymentApprovedEvent approved =
        new PaymentApprovedEvent(ACCOUNT, ORDER, money("80.00"), money("420.00"));

    projection.on(approved, LATER);
    projection.on(approved, LATER);

    assertThat(find(ACCOUNT)).contains(new AccountBalance(ACCOUNT, money("420.00")));
  }

  @Test
  void keepsAccountsApart() {
    String other = "2e1b3c4d-9f5a-4b7c-bd0e-8f9a0b1c2d3e";
    projection.on(new AccountOpenedEvent(ACCOUNT, money("500.00")), OPENED_AT);
    projection.on(new AccountOpenedEvent(other, money("500.00")), OPENED_AT);

    projection.on(new MoneyDepositedEvent(other, money("1.00"), money("501.00")), LATER);

    assertThat(find(ACCOUNT)).contains(new AccountBalance(ACCOUNT, money("500.00")));
    assertThat(find(other)).contains(new AccountBalance(other, money("501.00")));
  }

  @Test
  void findsNothingForAnAccountNeverOpened() {
    assertThat(find(ACCOUNT)).isEmpty();
  }

  @Test
  void forgetsEveryAccountWhenReset() {
    projection.on(new AccountOpenedEvent(ACCOUNT, money("500.00")), OPENED_AT);

    projection.reset();

    assertThat(find(ACCOUNT)).isEmpty();
  }

  private static final class InMemoryAccountBalances implements AccountBalanceRepository {

    private final Map<String, AccountBalanceEntry> rows = new HashMap<>();

    @Override
    public Optional<AccountBalanceEntry> findById(String accountId) {
      return Optional.ofNullable(rows.get(accountId));
    }

    @Override
    public AccountBalanceEntry save(AccountBalanceEntry entry) {
      rows.put(entry.toView().accountId(), entry);
      return entry;
    }

    @Override
    public void deleteAll() {
      rows.clear();
    }
  }
}
