package org.sagashop.platform.web;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waits, for a bounded time, until a read model shows what a request needs: it reads again soon,
 * then less and less often, and gives up once the bound has passed. It reads the read model itself,
 * in the database that every instance of the service shares, so it sees a row whichever instance
 * projected it; Axon's subscription query updates would reach only the JVM whose processor handled
 * the event. No database connection is held between two reads.
 */
public final class ReadModelWait {

  static final Duration FIRST_INTERVAL = Duration.ofMillis(10);
  static final Duration LONGEST_INTERVAL = Duration.ofMillis(100);

  private final Duration bound;

  public ReadModelWait(Duration bound) {
    if (bound.isNegative()) {
      throw new IllegalArgumentException("The wait must not be negative, but it is " + bound);
    }
    this.bound = bound;
  }

  /**
   * @param lookup one read of the read model
   * @return what the lookup found, at once when it is there already; empty when the lookup still
   *     found nothing once the bound had passed, or when the thread was interrupted
   */
  public <T> Optional<T> until(Supplier<Optional<T>> lookup) {
    long deadline = System.nanoTime() + bound.toNanos();
    long interval = FIRST_INTERVAL.toNanos();
    Optional<T> found = lookup.get();
    while (found.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return found;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(interval, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
      interval = Math.min(interval * 2, LONGEST_INTERVAL.toNanos());
      found = lookup.get();
    }
    return found;
  }
}
