package org.sagashop.order.query;

/** One order; answered with an {@code Optional<OrderSummary>}, empty for an unknown order. */
public record FindOrderQuery(String orderId) {}
