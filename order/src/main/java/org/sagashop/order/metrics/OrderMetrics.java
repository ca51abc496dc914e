package org.sagashop.order.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.order.command.CancellationCause;
import org.springframework.stereotype.Component;

/**
 * Counts orders as they are placed, completed and cancelled, and times each from placement to its
 * end. An event processor of its own ({@value #PROCESSING_GROUP}) counts each event once across
 * every instance of the service (an instance counts the segments it holds: add the instances up);
 * it starts at the head of the event store, so orders from before it existed are not counted as if
 * they were new, and a replay counts nothing again.
 */
@Component
@ProcessingGroup(OrderMetrics.PROCESSING_GROUP)
@DisallowReplay
public class OrderMetrics {

  public static final String PROCESSING_GROUP = "order-metrics";

  private static final Duration[] DURATION_BUCKETS = {
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30)
  };

  private final MeterRegistry registry;
  private final EventStore eventStore;
  private final Counter placed;
  private final Counter completed;

  public OrderMetrics(MeterRegistry registry, EventStore eventStore) {
    this.registry = registry;
    this.eventStore = eventStore;
    this.placed =
        Counter.builder(OrderMeters.PLACED.name())
            .description(OrderMeters.PLACED.description())
            .register(registry);
    this.completed =
        Counter.builder(OrderMeters.COMPLETED.name())
            .description(OrderMeters.COMPLETED.description())
            .register(registry);
  }

  @EventHandler
  public void on(OrderPlacedEvent event) {
    placed.increment();
  }

  @EventHandler
  public void on(OrderCompletedEvent event, @Timestamp Instant at) {
    completed.increment();
    recordDuration(event.orderId(), at, "completed");
  }

  @EventHandler
  public void on(
      OrderCancelledEvent event,
      @Timestamp Instant at,
      @MetaDataValue(CancellationCause.METADATA_KEY) String cause) {
    Counter.builder(OrderMeters.CANCELLED.name())
        .description(OrderMeters.CANCELLED.description())
        .tag("cause", cause == null ? "unknown" : cause)
        .register(registry)
        .increment();
    recordDuration(event.orderId(), at, "cancelled");
  }

  /** From the order's first event, its placement, to {@code endedAt}. */
  private void recordDuration(String orderId, Instant endedAt, String outcome) {
    DomainEventStream events = eventStore.readEvents(orderId, 0);
    if (!events.hasNext()) {
      return;
    }
    Instant placedAt = events.next().getTimestamp();
    Timer.builder(OrderMeters.DURATION.name())
        .description(OrderMeters.DURATION.description())
        .tag("outcome", outcome)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry)
        .record(Duration.between(placedAt, endedAt));
  }
}
