package org.sagashop.coreapi.payment.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give back what was charged for an order. Refunding an order that was never charged closes it, so
 * that a charge arriving late for that order is declined; a repeat changes nothing.
 */
public record RefundPaymentCommand(
    @TargetAggregateIdentifier String accountId, String orderId, String reason) {}
