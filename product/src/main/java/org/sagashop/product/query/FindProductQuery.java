package org.sagashop.product.query;

/** One product of the catalog; the answer is empty when there is no such product. */
public record FindProductQuery(String productId) {}
