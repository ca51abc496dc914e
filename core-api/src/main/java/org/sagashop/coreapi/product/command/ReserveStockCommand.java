package org.sagashop.coreapi.product.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reserve stock of one product for one order. A repeat for the same order changes nothing. */
public record ReserveStockCommand(
    @TargetAggregateIdentifier String productId, String orderId, int quantity) {}
