package org.sagashop.coreapi.product.event;

import java.math.BigDecimal;

public record ProductCreatedEvent(
    String productId, String name, String description, BigDecimal price, int initialStock) {}
