package org.sagashop.product.query;

import java.math.BigDecimal;

/** A product as the catalog shows it. */
public record ProductView(
    String productId, String name, String description, BigDecimal price, int availableStock) {}
