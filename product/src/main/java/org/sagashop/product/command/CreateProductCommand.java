package org.sagashop.product.command;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** List a new product with its opening stock. */
public record CreateProductCommand(
    @TargetAggregateIdentifier String productId,
    String name,
    String description,
    BigDecimal price,
    int initialStock) {}
