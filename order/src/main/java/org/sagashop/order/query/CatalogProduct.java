package org.sagashop.order.query;

import java.math.BigDecimal;

/** A product as orders are priced from it. */
public record CatalogProduct(String productId, String name, BigDecimal price) {}
