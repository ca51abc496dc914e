package org.sagashop.notification.query;

import java.time.Instant;

/** One message for the buyer, as the notification list shows it. */
public record NotificationView(
    String notificationId,
    String orderId,
    NotificationKind kind,
    String message,
    Instant createdAt) {}
