package org.sagashop.order.placement;

import org.sagashop.order.query.OrderStatus;

/** An order the buyer's request placed, or placed before under the same key, as it stands. */
public record PlacedOrder(String orderId, OrderStatus status) {}
