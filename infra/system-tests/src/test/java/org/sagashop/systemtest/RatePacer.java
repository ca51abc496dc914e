package org.sagashop.systemtest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long run of requests under the gateway's request rates (per signed-in user, and per
 * address for requests without a token), so that a test exercises the endpoints and not the rate
 * limiter. The pause is rate pacing only: nothing here waits for the system to reach a state.
 */
public final class RatePacer {

  private static final long USER_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1) / 15;
  private static final long ANONYMOUS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1) / 30;

  private final Map<String, Long> nextTurn = new HashMap<>();

  /**
   * Returns when a request with this token (null: none) stays within the rates. Threads may share
   * one pacer: each takes its turn under the lock and waits for it outside.
   */
  public void awaitTurn(String token) {
    String key = token == null ? "anonymous" : token;
    long now = System.nanoTime();
    long turn;
    synchronized (nextTurn) {
      turn = Math.max(now, nextTurn.getOrDefault(key, now));
      nextTurn.put(key, turn + (token == null ? ANONYMOUS_INTERVAL_NANOS : USER_INTERVAL_NANOS));
    }
    long wait = turn - now;
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
