package org.sagashop.product.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add delivered items to a product's stock; the result is the new available stock. */
public record RestockProductCommand(@TargetAggregateIdentifier String productId, int quantity) {}
