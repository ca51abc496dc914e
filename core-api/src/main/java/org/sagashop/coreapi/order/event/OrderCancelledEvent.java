package org.sagashop.coreapi.order.event;

/** The order ended without being fulfilled; the reason is written for the buyer to read. */
public record OrderCancelledEvent(String orderId, String userId, String reason) {}
