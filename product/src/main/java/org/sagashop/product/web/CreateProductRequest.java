package org.sagashop.product.web;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.sagashop.product.command.ProductLimits;

/** A new product as an administrator lists it; the description may be left out. */
public record CreateProductRequest(
    @NotBlank @Size(max = ProductLimits.MAX_NAME_LENGTH) String name,
    @Size(max = ProductLimits.MAX_DESCRIPTION_LENGTH) String description,
    @NotNull
        @DecimalMin(ProductLimits.MIN_PRICE)
        @DecimalMax(ProductLimits.MAX_PRICE)
        @Digits(
            integer = 7,
            fraction = ProductLimits.PRICE_DECIMALS,
            message =
                "must have at most {integer} digits before the decimal point and {fraction} after it")
        BigDecimal price,
    @NotNull @Min(0) @Max(ProductLimits.MAX_STOCK_CHANGE) Integer initialStock) {}
