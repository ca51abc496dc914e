package org.sagashop.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderProcessPropertiesTest {

  @Test
  void doublesTheBackoffAfterEveryFailedAttemptUpToTheLongestWait() {
    OrderProcessProperties.Retry retry =
        new OrderProcessProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(10));

    assertThat(IntStream.rangeClosed(1, 6).mapToObj(retry::backoffAfter))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
  }

  @Test
  void staysAtTheLongestWaitHoweverManyAttemptsFailed() {
    OrderProcessProperties.Retry retry =
        new OrderProcessProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(10));

    assertThat(retry.backoffAfter(5_000)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void rejectsLongestWaitShorterThanTheFirst() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new OrderProcessProperties.Retry(Duration.ofSeconds(5), 2, Duration.ofSeconds(1)))
        .withMessageContaining("max-backoff");
  }

  @Test
  void rejectsShrinkingBackoff() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new OrderProcessProperties.Retry(
                    Duration.ofSeconds(1), 0.5, Duration.ofSeconds(10)))
        .withMessageContaining("multiplier");
  }
}
