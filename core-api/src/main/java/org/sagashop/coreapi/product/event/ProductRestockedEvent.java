package org.sagashop.coreapi.product.event;

public record ProductRestockedEvent(String productId, int quantity, int availableStock) {}
