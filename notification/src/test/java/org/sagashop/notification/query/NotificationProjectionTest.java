package org.sagashop.notification.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;

class NotificationProjectionTest {

  private static final String BUYER = "9f0c6a52-3d4e-4b8a-9c1d-2e3f4a5b6c7d";
  private static final String ORDER = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d";
  private static final Instant AT = Instant.parse("2025-06-01T10:15:30Z");

  private final InMemoryNotificationRepository repository = new InMemoryNotificationRepository();
  private final NotificationProjection projection = new NotificationProjection(repository);

  @Test
  void tellsTheBuyerHowManyItemsWerePlacedAndTheTotal() {
    projection.on(
        new OrderPlacedEvent(
            ORDER,
            BUYER,
            List.of(
                new OrderLine("p-1", "Mug", 1, new BigDecimal("19.90")),
                new OrderLine("p-2", "Tea", 1, new BigDecimal("40.00"))),
            new BigDecimal("59.90")),
        "event-1",
        AT);

    assertThat(notificationsOf(BUYER))
        .containsExactly(
            new NotificationView(
                "event-1",
                ORDER,
                NotificationKind.PLACED,
                "Order 1a2b3c4d placed: 2 items, total 59.90.",
                AT));
  }

  @Test
  void countsItemsByQuantityAndSaysItemForOne() {
    projection.on(
        new OrderPlacedEvent(
            ORDER,
            BUYER,
            List.of(new OrderLine("p-1", "Mug", 1, new BigDecimal("5"))),
            new BigDecimal("5")),
        "event-1",
        AT);
    projection.on(
        new OrderPlacedEvent(
            "7e8f9a0b-0000-4000-8000-000000000000",
            BUYER,
            List.of(new OrderLine("p-1", "Mug", 3, new BigDecimal("5.00"))),
            new BigDecimal("15.00")),
        "event-2",
        AT.plusSeconds(1));

    assertThat(notificationsOf(BUYER))
        .extracting(NotificationView::message)
        .containsExactly(
            "Order 7e8f9a0b placed: 3 items, total 15.00.",
            "Order 1a2b3c4d placed: 1 item, total 5.00.");
  }

  @Test
  void tellsTheBuyerWhatWasChargedWhenTheOrderIsComplete() {
    projection.on(new OrderCompletedEvent(ORDER, BUYER, new BigDecimal("59.9")), "event-1", AT);

    assertThat(onlyNotificationOf(BUYER))
        .isEqualTo(
            new NotificationView(
                "event-1",
                ORDER,
                NotificationKind.COMPLETED,
                "Order 1a2b3c4d is complete: 59.90 was charged.",
                AT));
  }

  @Test
  void tellsTheBuyerWhyTheOrderWasCancelled() {
    projection.on(
        new OrderCancelledEvent(ORDER, BUYER, "Only 1 of Mug left in stock"), "event-1", AT);

    assertThat(onlyNotificationOf(BUYER))
        .isEqualTo(
            new NotificationView(
                "event-1",
                ORDER,
                NotificationKind.CANCELLED,
                "Order 1a2b3c4d was cancelled: Only 1 of Mug left in stock",
                AT));
  }

  @Test
  void tellsTheAccountHolderWhyThePaymentWasDeclined() {
    projection.on(
        new PaymentDeclinedEvent(BUYER, ORDER, new BigDecimal("59.90"), "Insufficient funds"),
        "event-1",
        AT);

    assertThat(onlyNotificationOf(BUYER))
        .isEqualTo(
            new NotificationView(
                "event-1",
                ORDER,
                NotificationKind.PAYMENT_DECLINED,
                "Payment for order 1a2b3c4d was declined: Insufficient funds",
                AT));
  }

  @Test
  void tellsTheAccountHolderHowMuchWasRefunded() {
    projection.on(
        new PaymentRefundedEvent(BUYER, ORDER, new BigDecimal("59.90"), new BigDecimal("500.00")),
        "event-1",
        AT);

    assertThat(onlyNotificationOf(BUYER))
        .isEqualTo(
            new NotificationView(
                "event-1",
                ORDER,
                NotificationKind.REFUNDED,
                "59.90 was refunded for order 1a2b3c4d.",
                AT));
  }

  @Test
  void saysNothingAboutARefundOfNothing() {
    projection.on(
        new PaymentRefundedEvent(BUYER, ORDER, new BigDecimal("0.00"), new BigDecimal("500.00")),
        "event-1",
        AT);

    assertThat(notificationsOf(BUYER)).isEmpty();
  }

  @Test
  void writesOneNotificationWhenTheSameEventIsHandledAgain() {
    OrderCancelledEvent cancelled = new OrderCancelledEvent(ORDER, BUYER, "Payment declined");

    projection.on(cancelled, "event-1", AT);
    projection.on(cancelled, "event-1", AT);

    assertThat(notificationsOf(BUYER)).hasSize(1);
  }

  @Test
  void keepsEventsWithTheSamePayloadButOtherIdentifiersApart() {
    OrderCancelledEvent cancelled = new OrderCancelledEvent(ORDER, BUYER, "Payment declined");

    projection.on(cancelled, "event-1", AT);
    projection.on(cancelled, "event-2", AT.plusSeconds(1));

    assertThat(notificationsOf(BUYER))
        .extracting(NotificationView::notificationId)
        .containsExactly("event-2", "event-1");
  }

  @Test
  void answersWithTheUsersOwnNotificationsNewestFirstUpToTheLimit() {
    String otherBuyer = "0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3";
    projection.on(new OrderCompletedEvent(ORDER, BUYER, BigDecimal.TEN), "oldest", AT);
    projection.on(new OrderCancelledEvent(ORDER, BUYER, "x"), "newest", AT.plusSeconds(20));
    projection.on(new OrderCompletedEvent(ORDER, otherBuyer, BigDecimal.TEN), "other", AT);
    projection.on(
        new OrderCompletedEvent(ORDER, BUYER, BigDecimal.TEN), "middle", AT.plusSeconds(10));

    assertThat(projection.handle(new FindNotificationsQuery(BUYER, 0, 10)).notifications())
        .extracting(NotificationView::notificationId)
        .containsExactly("newest", "middle", "oldest");
    NotificationPage first = projection.handle(new FindNotificationsQuery(BUYER, 0, 2));
    assertThat(first.notifications())
        .extracting(NotificationView::notificationId)
        .containsExactly("newest", "middle");
    assertThat(first.more()).isTrue();
    NotificationPage second = projection.handle(new FindNotificationsQuery(BUYER, 1, 2));
    assertThat(second.notifications())
        .extracting(NotificationView::notificationId)
        .containsExactly("oldest");
    assertThat(second.more()).isFalse();
  }

  private List<NotificationView> notificationsOf(String userId) {
    return projection.handle(new FindNotificationsQuery(userId, 0, 200)).notifications();
  }

  private NotificationView onlyNotificationOf(String userId) {
    assertThat(notificationsOf(userId)).hasSize(1);
    return notificationsOf(userId).get(0);
  }
}
