package org.sagashop.order.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.sagashop.platform.web.ResourceId;

public record OrderItemRequest(
    @NotNull(message = "must name a product") @ResourceId String productId,
    @NotNull(message = "must be given")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 1000, message = "must be at most 1000")
        Integer quantity) {}
