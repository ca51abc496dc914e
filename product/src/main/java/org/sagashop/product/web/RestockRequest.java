package org.sagashop.product.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.sagashop.product.command.ProductLimits;

/** Items delivered for a product. */
public record RestockRequest(
    @NotNull @Min(1) @Max(ProductLimits.MAX_STOCK_CHANGE) Integer quantity) {}
