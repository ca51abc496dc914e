package org.sagashop.order.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.order.command.CancellationCause;

class OrderMetricsTest {

  private static final Instant PLACED_AT = Instant.parse("2026-11-30T10:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EmbeddedEventStore eventStore =
      EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
  private final OrderMetrics metrics = new OrderMetrics(registry, eventStore);

  @Test
  void countsPlacedOrders() {
    metrics.on(placed("o1"));
    metrics.on(placed("o2"));

    assertThat(registry.get(OrderMeters.PLACED.name()).counter().count()).isEqualTo(2);
  }

  @Test
  void countsCompletedOrdersAndTimesThemFromPlacedToCompleted() {
    metrics.on(placed("o1"));

    metrics.on(new OrderCompletedEvent("o1", "u1", BigDecimal.TEN), PLACED_AT.plusMillis(1_500));

    assertThat(registry.get(OrderMeters.COMPLETED.name()).counter().count()).isEqualTo(1);
    Timer duration = registry.get(OrderMeters.DURATION.name()).tags("outcome", "completed").timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_500);
  }

  @Test
  void countsCancelledOrdersByCauseAndTimesThem() {
    metrics.on(placed("o1"));
    metrics.on(placed("o2"));
    metrics.on(placed("o3"));

    Instant twoMinutesLater = PLACED_AT.plus(Duration.ofMinutes(2));
    metrics.on(
        new OrderCancelledEvent("o1", "u1", "Stock could not be reserved in time"),
        twoMinutesLater,
        CancellationCause.RESERVATION_TIMEOUT.tag());
    metrics.on(
        new OrderCancelledEvent("o2", "u1", "Only 1 left"),
        PLACED_AT.plusSeconds(1),
        CancellationCause.STOCK_REJECTED.tag());
    // cancelled before causes were recorded
    metrics.on(new OrderCancelledEvent("o3", "u1", "Only 1 left"), PLACED_AT.plusSeconds(1), null);

    assertThat(cancelled(CancellationCause.RESERVATION_TIMEOUT.tag())).isEqualTo(1);
    assertThat(cancelled(CancellationCause.STOCK_REJECTED.tag())).isEqualTo(1);
    assertThat(cancelled("unknown")).isEqualTo(1);
    Timer duration = registry.get(OrderMeters.DURATION.name()).tags("outcome", "cancelled").timer();
    assertThat(duration.count()).isEqualTo(3);
    assertThat(duration.max(TimeUnit.SECONDS)).isEqualTo(120);
  }

  @Test
  void publishesTheDurationAsAHistogram() {
    metrics.on(placed("o1"));
    metrics.on(new OrderCompletedEvent("o1", "u1", BigDecimal.TEN), PLACED_AT.plusSeconds(3));

    assertThat(
            registry
                .get(OrderMeters.DURATION.name())
                .tags("outcome", "completed")
                .timer()
                .takeSnapshot()
                .histogramCounts())
        .isNotEmpty();
  }

  private double cancelled(String cause) {
    return registry.get(OrderMeters.CANCELLED.name()).tags("cause", cause).counter().count();
  }

  private OrderPlacedEvent placed(String orderId) {
    OrderPlacedEvent placed =
        new OrderPlacedEvent(
            orderId, "u1", List.of(new OrderLine("p1", "Mug", 1, BigDecimal.TEN)), BigDecimal.TEN);
    eventStore.publish(
        new GenericDomainEventMessage<>(
            "Order", orderId, 0, placed, Map.of(), orderId + "-placed", PLACED_AT));
    return placed;
  }
}
