package org.sagashop.order.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;
import org.sagashop.coreapi.product.event.StockReleasedEvent;
import org.sagashop.coreapi.product.event.StockReservationRejectedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;
import org.sagashop.order.command.OrderStepFailedEvent;

class OrderSummaryProjectionTest {

  private static final String ORDER = "order-1";
  private static final String USER = "user-1";
  private static final Instant PLACED_AT = Instant.parse("2025-05-01T10:00:00Z");
  private static final OrderPlacedEvent PLACED =
      new OrderPlacedEvent(
          ORDER,
          USER,
          List.of(
              new OrderLine("mug", "Blue Mug", 2, new BigDecimal("12.5")),
              new OrderLine("tea", "Green Tea", 3, new BigDecimal("4.33"))),
          new BigDecimal("37.99"));

  private final Map<String, OrderSummaryEntity> stored = new HashMap<>();
  private final QueryUpdateEmitter updates = mock(QueryUpdateEmitter.class);
  private OrderSummaryProjection projection;
  private Instant clock;

  @BeforeEach
  void setUp() {
    OrderSummaryRepository orders = mock(OrderSummaryRepository.class);
    when(orders.existsById(any())).thenAnswer(call -> stored.containsKey(call.getArgument(0)));
    when(orders.findById(any()))
        .thenAnswer(call -> Optional.ofNullable(stored.get(call.<String>getArgument(0))));
    when(orders.save(any()))
        .thenAnswer(
            call -> {
              OrderSummaryEntity order = call.getArgument(0);
              stored.put(order.toSummary().orderId(), order);
              return order;
            });
    projection = new OrderSummaryProjection(orders, updates);
    clock = PLACED_AT;
  }

  @Test
  void showsPlacedOrderAsPendingWithItsPricedLines() {
    projection.on(PLACED, nextEventId(), clock);

    OrderSummary order = summary();
    assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(order.userId()).isEqualTo(USER);
    assertThat(order.total()).isEqualByComparingTo("37.99");
    assertThat(order.placedAt()).isEqualTo(PLACED_AT);
    assertThat(order.items())
        .containsExactly(
            new OrderItem("mug", "Blue Mug", 2, new BigDecimal("12.50"), new BigDecimal("25.00")),
            new OrderItem("tea", "Green Tea", 3, new BigDecimal("4.33"), new BigDecimal("12.99")));
    assertThat(order.timeline())
        .containsExactly(
            new TimelineEntry(PLACED_AT, "placed", "Order placed: 5 items, total 37.99"));
  }

  @Test
  void buildsTimelineOfCompletedOrder() {
    projection.on(PLACED, nextEventId(), clock);
    projection.on(new StockReservedEvent("mug", ORDER, 2, 8), nextEventId(), tick());
    projection.on(new StockReservedEvent("tea", ORDER, 3, 0), nextEventId(), tick());
    projection.on(
        new PaymentApprovedEvent(USER, ORDER, new BigDecimal("37.99"), new BigDecimal("62.01")),
        nextEventId(),
        tick());
    projection.on(
        new OrderCompletedEvent(ORDER, USER, new BigDecimal("37.99")), nextEventId(), tick());

    OrderSummary order = summary();
    assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
    assertThat(order.cancellationReason()).isNull();
    assertThat(order.timeline())
        .extracting(TimelineEntry::step, TimelineEntry::detail)
        .containsExactly(
            tuple("placed", "Order placed: 5 items, total 37.99"),
            tuple("stock-reserved", "2 × Blue Mug reserved"),
            tuple("stock-reserved", "3 × Green Tea reserved"),
            tuple("payment-approved", "Payment of 37.99 approved"),
            tuple("completed", "Order completed"));
    assertThat(order.timeline()).extracting(TimelineEntry::at).isSorted();
  }

  @Test
  void buildsTimelineOfOrderCancelledForLackOfStock() {
    projection.on(PLACED, nextEventId(), clock);
    projection.on(new StockReservedEvent("mug", ORDER, 2, 8), nextEventId(), tick());
    projection.on(
        new StockReservationRejectedEvent("tea", ORDER, 3, 1, "Only 1 left"),
        nextEventId(),
        tick());
    projection.on(new StockReleasedEvent("mug", ORDER, 2, 10), nextEventId(), tick());
    projection.on(new StockReleasedEvent("tea", ORDER, 0, 1), nextEventId(), tick());
    projection.on(new OrderCancelledEvent(ORDER, USER, "Only 1 left"), nextEventId(), tick());

    OrderSummary order = summary();
    assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(order.cancellationReason()).isEqualTo("Only 1 left");
    assertThat(order.timeline())
        .extracting(TimelineEntry::step, TimelineEntry::detail)
        .containsExactly(
            tuple("placed", "Order placed: 5 items, total 37.99"),
            tuple("stock-reserved", "2 × Blue Mug reserved"),
            tuple("stock-rejected", "Green Tea could not be reserved: Only 1 left"),
            tuple("stock-released", "2 × Blue Mug released"),
            tuple("cancelled", "Order cancelled: Only 1 left"));
  }

  @Test
  void buildsTimelineOfDeclinedAndRefundedPayments() {
    projection.on(PLACED, nextEventId(), clock);
    projection.on(
        new PaymentDeclinedEvent(USER, ORDER, new BigDecimal("37.99"), "Balance too low"),
        nextEventId(),
        tick());
    projection.on(
        new PaymentRefundedEvent(USER, ORDER, BigDecimal.ZERO, new BigDecimal("10.00")),
        nextEventId(),
        tick());
    projection.on(
        new PaymentRefundedEvent(USER, ORDER, new BigDecimal("37.99"), new BigDecimal("47.99")),
        nextEventId(),
        tick());

    assertThat(summary().timeline())
        .extracting(TimelineEntry::step, TimelineEntry::detail)
        .containsExactly(
            tuple("placed", "Order placed: 5 items, total 37.99"),
            tuple("payment-declined", "Payment of 37.99 declined: Balance too low"),
            tuple("payment-refunded", "37.99 refunded"));
  }

  @Test
  void recordsStepThatFailedOutright() {
    projection.on(PLACED, nextEventId(), clock);
    projection.on(
        new OrderStepFailedEvent(ORDER, "stock-reservation", "The product service is down."),
        nextEventId(),
        tick());

    assertThat(summary().status()).isEqualTo(OrderStatus.PENDING);
    assertThat(summary().timeline())
        .last()
        .isEqualTo(new TimelineEntry(clock, "step-failed", "The product service is down."));
  }

  @Test
  void recordsAnEventSeenTwiceOnce() {
    projection.on(PLACED, nextEventId(), clock);
    String reserved = nextEventId();
    projection.on(new StockReservedEvent("mug", ORDER, 2, 8), reserved, tick());
    projection.on(new StockReservedEvent("mug", ORDER, 2, 8), reserved, clock);

    assertThat(summary().timeline())
        .extracting(TimelineEntry::step)
        .containsExactly("placed", "stock-reserved");
  }

  @Test
  void ignoresEventsOfOrdersItDoesNotKnow() {
    projection.on(new StockReservedEvent("mug", "someone-elses", 2, 8), nextEventId(), tick());
    projection.on(
        new PaymentApprovedEvent(USER, "someone-elses", BigDecimal.TEN, BigDecimal.ONE),
        nextEventId(),
        tick());

    assertThat(stored).isEmpty();
    verify(updates, never()).emit(any(Class.class), any(Predicate.class), any());
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void pushesEveryChangeToSubscribersOfThatOrder() {
    projection.on(PLACED, nextEventId(), clock);
    projection.on(new OrderCancelledEvent(ORDER, USER, "Only 1 left"), nextEventId(), tick());

    ArgumentCaptor<Predicate> filters = ArgumentCaptor.forClass(Predicate.class);
    ArgumentCaptor<OrderSummary> pushed = ArgumentCaptor.forClass(OrderSummary.class);
    verify(updates, times(2)).emit(eq(FindOrderQuery.class), filters.capture(), pushed.capture());
    assertThat(pushed.getAllValues())
        .extracting(OrderSummary::status)
        .containsExactly(OrderStatus.PENDING, OrderStatus.CANCELLED);
    Predicate<FindOrderQuery> filter = filters.getValue();
    assertThat(filter.test(new FindOrderQuery(ORDER))).isTrue();
    assertThat(filter.test(new FindOrderQuery("order-2"))).isFalse();
  }

  @Test
  void answersFindOrderQueryWithTheOrderOrNothing() {
    projection.on(PLACED, nextEventId(), clock);

    assertThat(projection.handle(new FindOrderQuery(ORDER)))
        .map(OrderSummary::orderId)
        .hasValue(ORDER);
    assertThat(projection.handle(new FindOrderQuery("unknown"))).isEmpty();
  }

  private OrderSummary summary() {
    return stored.get(ORDER).toSummary();
  }

  private Instant tick() {
    clock = clock.plusSeconds(1);
    return clock;
  }

  private static String nextEventId() {
    return UUID.randomUUID().toString();
  }
}
