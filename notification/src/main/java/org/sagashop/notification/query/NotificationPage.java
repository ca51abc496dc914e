package org.sagashop.notification.query;

import java.util.List;

/** A page of a user's notifications, and whether older ones follow. */
public record NotificationPage(List<NotificationView> notifications, boolean more) {}
