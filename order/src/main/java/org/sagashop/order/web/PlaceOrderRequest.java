package org.sagashop.order.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record PlaceOrderRequest(
    @NotNull(message = "must list the products to order")
        @Size(min = 1, max = 50, message = "must list between 1 and 50 products")
        List<@Valid @NotNull(message = "must not be empty") OrderItemRequest> items) {}
