package org.sagashop.order.command;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.sagashop.coreapi.order.model.OrderLine;

/** Place a new order of priced lines for a buyer; the total is computed by the order itself. */
public record PlaceOrderCommand(
    @TargetAggregateIdentifier String orderId, String userId, List<OrderLine> lines) {}
