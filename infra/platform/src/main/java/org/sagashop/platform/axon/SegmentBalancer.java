package org.sagashop.platform.axon;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Shares the segments of every streaming event processor (projections and sagas) fairly between the
 * running instances of a service. Axon lets any instance claim any unclaimed segment, so the first
 * instance to start would keep them all; every {@code interval} each instance compares what it
 * holds with its fair share (segments / instances up in Eureka, rounded up) and releases the
 * surplus for a while, so that a newer instance claims it. When an instance stops or dies, its
 * claims lapse (or, on a graceful stop, are released) and the others take its segments over and
 * keep them while the registry may still list it. A processor with fewer than {@code minSegments}
 * segments is split first, by the instance that holds it whole, so that there is something to
 * share. Processors in {@code unshared} (the outbox) keep a single segment.
 */
public class SegmentBalancer implements SmartLifecycle {

  /**
   * How many rounds a newly held segment stays: at the default 10 s, a minute, longer than Eureka
   * takes to drop a crashed instance (a 15 s lease, then the eviction and registry fetch timers).
   */
  static final int SETTLE_ROUNDS = 6;

  private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

  private final EventProcessingConfiguration processing;
  private final TokenStore tokenStore;
  private final TransactionManager transactions;
  private final IntSupplier runningInstances;
  private final int minSegments;
  private final Duration interval;
  private final Set<String> unshared;
  private ScheduledExecutorService scheduler;
  // per processor: what this instance held at the last round, and its newly held segments with the
  // rounds they still stay (only touched by the balancing thread)
  private final Map<String, Set<Integer>> heldLastRound = new HashMap<>();
  private final Map<String, Map<Integer, Integer>> settlingRounds = new HashMap<>();

  public SegmentBalancer(
      EventProcessingConfiguration processing,
      TokenStore tokenStore,
      TransactionManager transactions,
      IntSupplier runningInstances,
      int minSegments,
      Duration interval,
      Set<String> unshared) {
    this.processing = processing;
    this.tokenStore = tokenStore;
    this.transactions = transactions;
    this.runningInstances = runningInstances;
    this.minSegments = minSegments;
    this.interval = interval;
    this.unshared = unshared;
  }

  /** One round: split what is too coarse, release what is more than this instance's share. */
  public void balance() {
    int instances = Math.max(1, runningInstances.getAsInt());
    for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
      if (entry.getValue() instanceof StreamingEventProcessor processor
          && !unshared.contains(entry.getKey())
          && processor.isRunning()) {
        balance(entry.getKey(), processor, instances);
      }
    }
  }

  private void balance(String name, StreamingEventProcessor processor, int instances) {
    Map<Integer, EventTrackerStatus> held = processor.processingStatus();
    int total = transactions.fetchInTransaction(() -> tokenStore.fetchSegments(name)).length;
    if (total == 0 || held.isEmpty()) {
      return;
    }
    // never more segments than the processor has threads: one instance must still process all
    if (total < Math.min(minSegments, processor.maxCapacity()) && held.size() == total) {
      held.values().stream()
          .map(EventTrackerStatus::getSegment)
          .min(Comparator.comparingInt(segment -> Integer.bitCount(segment.getMask())))
          .ifPresent(
              widest -> {
                log.info("Splitting segment {} of {} to share it", widest.getSegmentId(), name);
                processor.splitSegment(widest.getSegmentId());
              });
      return;
    }
    int fairShare = (total + instances - 1) / instances;
    // a newly held segment does not count yet: nothing is handed back while one settles
    Set<Integer> settling = settling(name, held.keySet());
    held.keySet().stream()
        .filter(segment -> !settling.contains(segment))
        .sorted(Comparator.reverseOrder())
        .limit(Math.max(0, held.size() - settling.size() - fairShare))
        .forEach(
            segment -> {
              log.info(
                  "Releasing segment {} of {}: {} instances share {} segments",
                  segment,
                  name,
                  instances,
                  total);
              processor.releaseSegment(segment, interval.toMillis() * 3, TimeUnit.MILLISECONDS);
            });
  }

  /**
   * The segments this instance came to hold since the last round (taken over from an instance that
   * stopped or died, or handed over by one that had too many) stay with it for {@link
   * #SETTLE_ROUNDS} rounds. Eureka keeps listing a crashed instance until its lease runs out and
   * every registry copy is refreshed; without this, the instance that took over the dead one's
   * segment would hand it back as "more than its share" to nobody, and that segment would wait.
   */
  private Set<Integer> settling(String name, Set<Integer> held) {
    Set<Integer> before = heldLastRound.put(name, Set.copyOf(held));
    Map<Integer, Integer> rounds = settlingRounds.computeIfAbsent(name, n -> new HashMap<>());
    rounds.keySet().retainAll(held);
    rounds.replaceAll((segment, left) -> left - 1);
    rounds.values().removeIf(left -> left <= 0);
    if (before != null) {
      held.stream()
          .filter(segment -> !before.contains(segment))
          .forEach(segment -> rounds.put(segment, SETTLE_ROUNDS));
    }
    return rounds.keySet();
  }

  @Override
  public void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "segment-balancer");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::balanceQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void balanceQuietly() {
    try {
      balance();
    } catch (RuntimeException e) {
      // the database may be restarting: the next round tries again
      log.warn("Could not balance the event processor segments: {}", e.getMessage());
    }
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
