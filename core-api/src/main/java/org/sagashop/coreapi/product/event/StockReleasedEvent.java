package org.sagashop.coreapi.product.event;

/** Stock given back for an order; quantity 0 when the order held no reservation here. */
public record StockReleasedEvent(
    String productId, String orderId, int quantity, int availableStock) {}
