package org.sagashop.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadModelWaitTest {

  private static final Duration BOUND = Duration.ofMillis(300);

  private final ReadModelWait wait = new ReadModelWait(BOUND);
  private final AtomicInteger reads = new AtomicInteger();

  /** A read model that shows the row from the given read on (the first read is 1). */
  private Supplier<Optional<String>> showsFromRead(int firstReadThatFinds) {
    return () ->
        reads.incrementAndGet() >= firstReadThatFinds ? Optional.of("row") : Optional.empty();
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void answersWithoutWaitingWhatTheReadModelShowsAlready() {
    long started = System.nanoTime();

    assertThat(wait.until(showsFromRead(1))).hasValue("row");

    assertThat(reads).hasValue(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
  }

  @Test
  void readsAgainUntilTheReadModelShowsIt() {
    assertThat(wait.until(showsFromRead(4))).hasValue("row");

    assertThat(reads).hasValue(4);
  }

  @Test
  void answersEmptyOnceTheBoundHasPassedAndNotLongAfter() {
    long started = System.nanoTime();

    assertThat(wait.until(showsFromRead(Integer.MAX_VALUE))).isEmpty();

    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    assertThat(waited)
        .isGreaterThanOrEqualTo(BOUND)
        .isLessThan(BOUND.plus(ReadModelWait.LONGEST_INTERVAL).plusSeconds(1));
    assertThat(reads.get()).isGreaterThan(2);
  }

  @Test
  void stopsWaitingWhenTheThreadIsInterrupted() {
    Thread.currentThread().interrupt();

    assertThat(wait.until(showsFromRead(Integer.MAX_VALUE))).isEmpty();

    assertThat(reads).hasValue(1);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void readsOnceWhenTheBoundIsZero() {
    assertThat(new ReadModelWait(Duration.ZERO).until(showsFromRead(2))).isEmpty();

    assertThat(reads).hasValue(1);
  }

  @Test
  void refusesANegativeBound() {
    assertThatThrownBy(() -> new ReadModelWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
