package org.sagashop.payment.command;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The payment rules that come from configuration rather than from an account's history. The account
 * consults the policy in force when a payment is processed and records the outcome as an event, so
 * changing the configuration never changes what a replay of past events yields.
 *
 * @param orderLimit the most a single order may cost, kept to the cent
 */
public record PaymentPolicy(BigDecimal orderLimit) {

  public PaymentPolicy {
    Objects.requireNonNull(orderLimit, "orderLimit");
    if (orderLimit.signum() <= 0
        || orderLimit.stripTrailingZeros().scale() > AccountLimits.MONEY_DECIMALS) {
      throw new IllegalArgumentException(
          "The order limit must be positive with at most 2 decimal places, not "
              + orderLimit.toPlainString());
    }
    orderLimit = orderLimit.setScale(AccountLimits.MONEY_DECIMALS);
  }

  boolean allows(BigDecimal orderTotal) {
    return orderTotal.compareTo(orderLimit) <= 0;
  }
}
