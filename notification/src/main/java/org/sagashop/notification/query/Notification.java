package org.sagashop.notification.query;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A message for a buyer about one event. It is written once and never changed; its id is the
 * identifier of the event it tells about.
 */
@Entity
@Table(name = "notification")
class Notification {

  @Id private String id;

  @Column(name = "user_id", nullable = false)
  private String userId;

  @Column(name = "order_id", nullable = false)
  private String orderId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private NotificationKind kind;

  @Column(nullable = false, columnDefinition = "text")
  private String message;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Notification() {}

  private Notification(
      String id,
      String userId,
      String orderId,
      NotificationKind kind,
      String message,
      Instant createdAt) {
    this.id = id;
    this.userId = userId;
    this.orderId = orderId;
    this.kind = kind;
    this.message = message;
    this.createdAt = createdAt;
  }

  static Notification about(
      String eventId,
      String userId,
      String orderId,
      NotificationKind kind,
      String message,
      Instant occurredAt) {
    return new Notification(eventId, userId, orderId, kind, message, occurredAt);
  }

  String userId() {
    return userId;
  }

  NotificationView view() {
    return new NotificationView(id, orderId, kind, message, createdAt);
  }
}
