package org.sagashop.notification.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.queryhandling.QueryHandler;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.stereotype.Component;

/**
 * Turns what happened to an order or its payment into a message for the buyer. The order events
 * come from the order service and the payment events from the payment service, both through this
 * service's own event store. Each notification is keyed by its event's identifier: a replay or a
 * redelivered event leaves the one already written as it is.
 */
@Component
@ProcessingGroup(NotificationProjection.PROCESSING_GROUP)
public class NotificationProjection {

  public static final String PROCESSING_GROUP = "notifications";

  private static final int SHORT_ORDER_ID_LENGTH = 8;

  private final NotificationRepository notifications;

  NotificationProjection(NotificationRepository notifications) {
    this.notifications = notifications;
  }

  @EventHandler
  void on(OrderPlacedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    int items = event.lines().stream().mapToInt(OrderLine::quantity).sum();
    record(
        eventId,
        event.userId(),
        event.orderId(),
        NotificationKind.PLACED,
        "Order %s placed: %d %s, total %s."
            .formatted(
                shortId(event.orderId()),
                items,
                items == 1 ? "item" : "items",
                money(event.total())),
        at);
  }

  @EventHandler
  void on(OrderCompletedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    record(
        eventId,
        event.userId(),
        event.orderId(),
        NotificationKind.COMPLETED,
        "Order %s is complete: %s was charged."
            .formatted(shortId(event.orderId()), money(event.total())),
        at);
  }

  @EventHandler
  void on(OrderCancelledEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    record(
        eventId,
        event.userId(),
        event.orderId(),
        NotificationKind.CANCELLED,
        "Order %s was cancelled: %s".formatted(shortId(event.orderId()), event.reason()),
        at);
  }

  /** The payment account of a buyer has the buyer's user id. */
  @EventHandler
  void on(PaymentDeclinedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    record(
        eventId,
        event.accountId(),
        event.orderId(),
        NotificationKind.PAYMENT_DECLINED,
        "Payment for order %s was declined: %s".formatted(shortId(event.orderId()), event.reason()),
        at);
  }

  /** A refund of nothing (the payment never went through) is not news to the buyer. */
  @EventHandler
  void on(PaymentRefundedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
    if (event.amount().signum() <= 0) {
      return;
    }
    record(
        eventId,
        event.accountId(),
        event.orderId(),
        NotificationKind.REFUNDED,
        "%s was refunded for order %s.".formatted(money(event.amount()), shortId(event.orderId())),
        at);
  }

  @QueryHandler
  NotificationPage handle(FindNotificationsQuery query) {
    Slice<Notification> page =
        notifications.findByUserIdOrderByCreatedAtDesc(
            query.userId(), PageRequest.of(query.page(), query.limit()));
    return new NotificationPage(
        page.getContent().stream().map(Notification::view).toList(), page.hasNext());
  }

  private void record(
      String eventId,
      String userId,
      String orderId,
      NotificationKind kind,
      String message,
      Instant at) {
    if (notifications.existsById(eventId)) {
      return;
    }
    notifications.save(Notification.about(eventId, userId, orderId, kind, message, at));
  }

  private static String shortId(String orderId) {
    return orderId.length() <= SHORT_ORDER_ID_LENGTH
        ? orderId
        : orderId.substring(0, SHORT_ORDER_ID_LENGTH);
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
