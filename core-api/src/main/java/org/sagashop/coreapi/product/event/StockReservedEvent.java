package org.sagashop.coreapi.product.event;

public record StockReservedEvent(
    String productId, String orderId, int quantity, int availableStock) {}
