package org.sagashop.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The gauges that need a look at the stores: each event processor segment's lag behind the head of
 * the event store, the dead letters waiting per queue, the sagas running per type. They are worked
 * out every {@code interval} on a thread of their own, never while Prometheus scrapes (a scrape
 * must not wait for a database). A part that cannot be worked out (the database or the broker is
 * down) shows no series until it can again: a stale figure would look like a real one.
 *
 * <p>Lag is reported only for the segments this instance holds, so each segment has one series in
 * the whole system; dead letters and sagas live in the service's database, so every instance
 * reports the same figure (take the {@code max}, not the sum).
 */
public class ProcessingMeters implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ProcessingMeters.class);

  private final EventProcessingConfiguration processing;
  private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
  private final Supplier<Map<String, ? extends Number>> activeSagas;
  private final Supplier<Map<String, ? extends Number>> brokerDeadLetters;
  private final Duration interval;
  private final MultiGauge lagEvents;
  private final MultiGauge lagSeconds;
  private final MultiGauge deadLetters;
  private final MultiGauge sagas;
  private ScheduledExecutorService refresher;

  /**
   * @param activeSagas the number of sagas per saga type (a class name)
   * @param brokerDeadLetters the depth of each RabbitMQ dead-letter queue of this service
   */
  public ProcessingMeters(
      MeterRegistry registry,
      EventProcessingConfiguration processing,
      StreamableMessageSource<TrackedEventMessage<?>> eventStore,
      Supplier<Map<String, ? extends Number>> activeSagas,
      Supplier<Map<String, ? extends Number>> brokerDeadLetters,
      Duration interval) {
    this.processing = processing;
    this.eventStore = eventStore;
    this.activeSagas = activeSagas;
    this.brokerDeadLetters = brokerDeadLetters;
    this.interval = interval;
    this.lagEvents = gauge(registry, PlatformMeters.PROCESSOR_LAG_EVENTS);
    this.lagSeconds = gauge(registry, PlatformMeters.PROCESSOR_LAG_SECONDS);
    this.deadLetters = gauge(registry, PlatformMeters.DEAD_LETTERS);
    this.sagas = gauge(registry, PlatformMeters.SAGAS_ACTIVE);
  }

  private static MultiGauge gauge(MeterRegistry registry, MeterDefinition meter) {
    return MultiGauge.builder(meter.name()).description(meter.description()).register(registry);
  }

  /** Works every gauge out again. */
  public void refresh() {
    update("processor lag", this::refreshLag, lagEvents, lagSeconds);
    update("dead letters", this::refreshDeadLetters, deadLetters);
    update("sagas", this::refreshSagas, sagas);
  }

  private static void update(String part, Runnable refresh, MultiGauge... gauges) {
    try {
      refresh.run();
    } catch (RuntimeException e) {
      log.debug("Could not work out the {} metrics", part, e);
      for (MultiGauge gauge : gauges) {
        gauge.register(List.of(), true);
      }
    }
  }

  private void refreshLag() {
    OptionalLong head = position(eventStore.createHeadToken());
    Instant now = Instant.now();
    List<MultiGauge.Row<?>> events = new ArrayList<>();
    List<MultiGauge.Row<?>> seconds = new ArrayList<>();
    for (Map.Entry<String, EventProcessor> processor : processing.eventProcessors().entrySet()) {
      if (!(processor.getValue() instanceof StreamingEventProcessor streaming)) {
        continue;
      }
      for (EventTrackerStatus status : streaming.processingStatus().values()) {
        TrackingToken token = WrappedToken.unwrapLowerBound(status.getTrackingToken());
        long behind = Math.max(0, head.orElse(-1) - position(token).orElse(-1));
        Tags tags =
            Tags.of(
                "processor",
                processor.getKey(),
                "segment",
                Integer.toString(status.getSegment().getSegmentId()));
        events.add(MultiGauge.Row.of(tags, behind));
        seconds.add(MultiGauge.Row.of(tags, behind == 0 ? 0 : secondsBehind(token, now)));
      }
    }
    lagEvents.register(events, true);
    lagSeconds.register(seconds, true);
  }

  /** The age of the first event after {@code token}: the oldest one not handled yet. */
  private double secondsBehind(TrackingToken token, Instant now) {
    try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(token)) {
      if (!stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
        return 0;
      }
      Instant oldest = stream.peek().map(TrackedEventMessage::getTimestamp).orElse(now);
      return Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private void refreshDeadLetters() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (String group : processing.eventProcessors().keySet()) {
      // asked for a group it does not know, Axon would configure a queue for it on the spot
      processing
          .deadLetterQueue(group)
          .map(SequencedDeadLetterQueue::size)
          .ifPresent(
              size -> rows.add(MultiGauge.Row.of(Tags.of("queue", group, "kind", "axon"), size)));
    }
    brokerDeadLetters
        .get()
        .forEach(
            (queue, depth) ->
                rows.add(MultiGauge.Row.of(Tags.of("queue", queue, "kind", "broker"), depth)));
    deadLetters.register(rows, true);
  }

  private void refreshSagas() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    activeSagas
        .get()
        .forEach(
            (type, count) ->
                rows.add(
                    MultiGauge.Row.of(
                        Tags.of("saga", type.substring(type.lastIndexOf('.') + 1)), count)));
    sagas.register(rows, true);
  }

  private static OptionalLong position(TrackingToken token) {
    return token == null ? OptionalLong.empty() : token.position();
  }

  @Override
  public synchronized void start() {
    CustomizableThreadFactory threads = new CustomizableThreadFactory("processing-meters-");
    threads.setDaemon(true);
    refresher = Executors.newSingleThreadScheduledExecutor(threads);
    refresher.scheduleWithFixedDelay(
        this::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (refresher != null) {
      refresher.shutdownNow();
      refresher = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return refresher != null;
  }
}
