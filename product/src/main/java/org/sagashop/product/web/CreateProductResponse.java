package org.sagashop.product.web;

public record CreateProductResponse(String productId) {}
