package org.sagashop.order.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the order saga after a refusal or a missed deadline. A repeat changes nothing. */
public record CancelOrderCommand(@TargetAggregateIdentifier String orderId, String reason) {}
