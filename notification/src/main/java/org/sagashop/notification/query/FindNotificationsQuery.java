package org.sagashop.notification.query;

/** A user's most recent notifications, newest first, at most {@code limit} of them. */
public record FindNotificationsQuery(String userId, int limit) {

  public FindNotificationsQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }
}
