package org.sagashop.coreapi.product.event;

/** A refusal the order saga reacts to: not enough stock, or the order was already closed here. */
public record StockReservationRejectedEvent(
    String productId, String orderId, int requested, int availableStock, String reason) {}
