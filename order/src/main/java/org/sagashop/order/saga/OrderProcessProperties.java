package org.sagashop.order.saga;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the order process waits for each step before it gives up and compensates, and how it
 * retries commands that could not be delivered.
 *
 * @param reservationTimeout from the order being placed until every line is reserved
 * @param paymentTimeout from the payment request until the payment is approved or declined
 * @param retry how commands that failed for a transient reason are sent again
 */
@ConfigurationProperties("sagashop.order")
public record OrderProcessProperties(
    @DefaultValue("30s") Duration reservationTimeout,
    @DefaultValue("30s") Duration paymentTimeout,
    @DefaultValue Retry retry) {

  /**
   * Exponential backoff for commands that failed for a transient reason: the wait after the n-th
   * failed attempt is {@code initialBackoff * multiplier^(n-1)}, never more than {@code
   * maxBackoff}.
   *
   * @param initialBackoff the wait after the first failed attempt
   * @param multiplier how much longer each further wait is
   * @param maxBackoff the longest wait: forward commands are retried until their step times out,
   *     compensating commands and the completion until they go through, however long that takes
   */
  public record Retry(
      @DefaultValue("1s") Duration initialBackoff,
      @DefaultValue("2") double multiplier,
      @DefaultValue("10s") Duration maxBackoff) {

    public Retry {
      if (initialBackoff.isNegative() || initialBackoff.isZero()) {
        throw new IllegalArgumentException("sagashop.order.retry.initial-backoff must be positive");
      }
      if (multiplier < 1) {
        throw new IllegalArgumentException("sagashop.order.retry.multiplier must be at least 1");
      }
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "sagashop.order.retry.max-backoff must not be shorter than initial-backoff");
      }
    }

    /** The wait before the attempt after the given failed one (the first attempt is 1). */
    public Duration backoffAfter(int failedAttempt) {
      double millis = initialBackoff.toMillis() * Math.pow(multiplier, failedAttempt - 1);
      return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
  }
}
