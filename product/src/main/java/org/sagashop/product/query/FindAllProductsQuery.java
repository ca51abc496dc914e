package org.sagashop.product.query;

/** The whole catalog, sorted by product name. */
public record FindAllProductsQuery() {}
