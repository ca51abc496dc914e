package org.sagashop.payment.config;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The payment settings of the config repo ({@code payment.yml}). The money settings have no default
 * here: a service that started without them would hand out accounts with an arbitrary balance, so
 * it refuses to start instead.
 *
 * @param startingBalance what a new account starts with
 * @param orderLimit the most one order may cost
 * @param accountWait how long a wallet request waits for an account that is not open yet (it is
 *     opened a moment after sign-up) before it answers that there is none
 */
@Validated
@ConfigurationProperties("sagashop.payment")
public record PaymentProperties(
    @NotNull @PositiveOrZero @Digits(integer = 12, fraction = 2) BigDecimal startingBalance,
    @NotNull @Positive @Digits(integer = 12, fraction = 2) BigDecimal orderLimit,
    @DefaultValue("5s") Duration accountWait) {

  public PaymentProperties {
    if (accountWait.isNegative()) {
      throw new IllegalArgumentException("sagashop.payment.account-wait must not be negative");
    }
  }
}
