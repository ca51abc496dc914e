package org.sagashop.gateway.protection;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The limits fail open: without Redis every request passes, because a shop that refuses all its
 * customers is worse than one that briefly cannot count them. Such an outage is logged once a
 * minute, not once per request, with how many checks were skipped meanwhile.
 */
@Component
class RedisOutage {

  private static final Logger log = LoggerFactory.getLogger(RedisOutage.class);
  private static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

  private final AtomicLong nextReportAt = new AtomicLong();
  private final AtomicLong skippedSinceReport = new AtomicLong();

  void skipped(String check, Throwable error) {
    skippedSinceReport.incrementAndGet();
    long now = System.currentTimeMillis();
    long due = nextReportAt.get();
    if (now >= due && nextReportAt.compareAndSet(due, now + REPORT_INTERVAL.toMillis())) {
      long skipped = skippedSinceReport.getAndSet(0);
      log.warn(
          "Redis is not answering, so {} is not enforced (skipped {} times since the last report): {}",
          check,
          skipped,
          error.toString());
    }
  }
}
