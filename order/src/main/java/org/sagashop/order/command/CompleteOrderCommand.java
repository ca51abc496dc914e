package org.sagashop.order.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the order saga once stock is reserved and payment approved. A repeat changes nothing. */
public record CompleteOrderCommand(@TargetAggregateIdentifier String orderId) {}
