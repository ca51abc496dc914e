package org.sagashop.coreapi.product.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give back what was reserved for an order. Releasing an order that holds no reservation closes it,
 * so that a reservation arriving late for that order is refused; a repeat changes nothing.
 */
public record ReleaseStockCommand(
    @TargetAggregateIdentifier String productId, String orderId, String reason) {}
