package org.sagashop.product.web;

/** The stock after a restock, as the aggregate reported it (the catalog may lag behind). */
public record RestockResponse(String productId, int availableStock) {}
