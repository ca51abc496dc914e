package org.sagashop.notification.query;

/** What happened to the order a notification is about. */
public enum NotificationKind {
  PLACED,
  COMPLETED,
  CANCELLED,
  PAYMENT_DECLINED,
  REFUNDED
}
