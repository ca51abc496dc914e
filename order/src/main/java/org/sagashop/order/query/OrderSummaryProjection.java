package org.sagashop.order.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;
import org.sagashop.coreapi.product.event.StockReleasedEvent;
import org.sagashop.coreapi.product.event.StockReservationRejectedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;
import org.sagashop.order.command.OrderStepFailedEvent;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.stereotype.Component;

/**
 * Orders as their buyers see them: status, lines, total and a timeline of the process. Product and
 * payment events reach this service's store through the inbox; only those of a known order count.
 * Every change is pushed to the subscribers of that order's {@link FindOrderQuery}.
 */
@Component
@ProcessingGroup("order-summary")
public class OrderSummaryProjection {

  private final OrderSummaryRepository orders;
  private final QueryUpdateEmitter updates;

  public OrderSummaryProjection(OrderSummaryRepository orders, QueryUpdateEmitter updates) {
    this.orders = orders;
    this.updates = updates;
  }

  @EventHandler
  public void on(OrderPlacedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    if (orders.existsById(event.orderId())) {
      return;
    }
    List<OrderSummaryEntity.Line> lines =
        event.lines().stream()
            .map(
                line ->
                    new OrderSummaryEntity.Line(
                        line.productId(),
                        line.productName(),
                        line.quantity(),
                        money(line.unitPrice())))
            .toList();
    OrderSummaryEntity order =
        OrderSummaryEntity.placed(event.orderId(), event.userId(), lines, event.total(), at);
    int items = event.lines().stream().mapToInt(line -> line.quantity()).sum();
    order.record(
        eventId,
        at,
        "placed",
        "Order placed: "
            + items
            + (items == 1 ? " item" : " items")
            + ", total "
            + format(event.total()));
    orders.save(order);
    emit(order, event.orderId());
  }

  @EventHandler
  public void on(
      StockReservedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    change(
        event.orderId(),
        order ->
            order.record(
                eventId,
                at,
                "stock-reserved",
                event.quantity() + " × " + productName(order, event.productId()) + " reserved"));
  }

  @EventHandler
  public void on(
      StockReservationRejectedEvent event,
      @MessageIdentifier String eventId,
      @Timestamp Instant at) {
    change(
        event.orderId(),
        order ->
            order.record(
                eventId,
                at,
                "stock-rejected",
                productName(order, event.productId())
                    + " could not be reserved: "
                    + event.reason()));
  }

  @EventHandler
  public void on(
      StockReleasedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    if (event.quantity() <= 0) {
      return;
    }
    change(
        event.orderId(),
        order ->
            order.record(
                eventId,
                at,
                "stock-released",
                event.quantity() + " × " + productName(order, event.productId()) + " released"));
  }

  @EventHandler
  public void on(
      PaymentApprovedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    change(
        event.orderId(),
        order ->
            order.record(
                eventId,
                at,
                "payment-approved",
                "Payment of " + format(event.amount()) + " approved"));
  }

  @EventHandler
  public void on(
      PaymentDeclinedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    change(
        event.orderId(),
        order ->
            order.record(
                eventId,
                at,
                "payment-declined",
                "Payment of " + format(event.amount()) + " declined: " + event.reason()));
  }

  @EventHandler
  public void on(
      PaymentRefundedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    if (event.amount() == null || event.amount().signum() <= 0) {
      return;
    }
    change(
        event.orderId(),
        order ->
            order.record(eventId, at, "payment-refunded", format(event.amount()) + " refunded"));
  }

  @EventHandler
  public void on(
      OrderStepFailedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    change(event.orderId(), order -> order.record(eventId, at, "step-failed", event.reason()));
  }

  @EventHandler
  public void on(
      OrderCompletedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    change(
        event.orderId(),
        order -> {
          order.completed();
          return order.record(eventId, at, "completed", "Order completed");
        });
  }

  @EventHandler
  public void on(
      OrderCancelledEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    change(
        event.orderId(),
        order -> {
          order.cancelled(event.reason());
          return order.record(eventId, at, "cancelled", "Order cancelled: " + event.reason());
        });
  }

  @ResetHandler
  public void reset() {
    orders.deleteAllInBatch();
  }

  @QueryHandler
  public Optional<OrderSummary> handle(FindOrderQuery query) {
    return orders.findById(query.orderId()).map(OrderSummaryEntity::toSummary);
  }

  @QueryHandler
  public OrderPage handle(FindOrdersOfUserQuery query) {
    Slice<OrderSummaryEntity> page =
        orders.findByUserIdOrderByPlacedAtDesc(
            query.userId(), PageRequest.of(query.page(), query.limit()));
    return new OrderPage(
        page.getContent().stream().map(OrderSummaryEntity::toSummary).toList(), page.hasNext());
  }

  /** Applies a change to a known order; saves and announces it only if something changed. */
  private void change(String orderId, Predicate<OrderSummaryEntity> transition) {
    if (orderId == null) {
      return;
    }
    orders
        .findById(orderId)
        .filter(transition)
        .ifPresent(
            order -> {
              orders.save(order);
              emit(order, orderId);
            });
  }

  private void emit(OrderSummaryEntity order, String orderId) {
    OrderSummary summary = order.toSummary();
    updates.emit(FindOrderQuery.class, query -> orderId.equals(query.orderId()), summary);
  }

  private static String productName(OrderSummaryEntity order, String productId) {
    return order.lineOf(productId).map(OrderSummaryEntity.Line::productName).orElse(productId);
  }

  private static BigDecimal money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }

  private static String format(BigDecimal amount) {
    return money(amount).toPlainString();
  }
}
