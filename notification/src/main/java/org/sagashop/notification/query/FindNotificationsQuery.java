package org.sagashop.notification.query;

/** One page of a user's notifications, newest first: page {@code page} of {@code limit} each. */
public record FindNotificationsQuery(String userId, int page, int limit) {

  public FindNotificationsQuery {
    if (page < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "page must be 0 or more and limit at least 1, were " + page + " and " + limit);
    }
  }
}
