package org.sagashop.payment.query;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** One row of the {@code account_balance} read model. */
@Entity
@Table(name = "account_balance")
class AccountBalanceEntry {

  @Id
  @Column(name = "account_id")
  private String accountId;

  @Column(name = "balance", nullable = false, precision = 14, scale = 2)
  private BigDecimal balance;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected AccountBalanceEntry() {
    // for JPA
  }

  private AccountBalanceEntry(String accountId, BigDecimal balance, Instant updatedAt) {
    this.accountId = accountId;
    this.balance = balance;
    this.updatedAt = updatedAt;
  }

  static AccountBalanceEntry opened(String accountId, BigDecimal balance, Instant at) {
    return new AccountBalanceEntry(accountId, balance, at);
  }

  AccountBalanceEntry balanceChangedTo(BigDecimal newBalance, Instant at) {
    this.balance = newBalance;
    this.updatedAt = at;
    return this;
  }

  Instant updatedAt() {
    return updatedAt;
  }

  AccountBalance toView() {
    return new AccountBalance(accountId, balance);
  }
}
