package org.sagashop.coreapi.payment.command;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Charge the buyer's account for an order. A repeat for the same order changes nothing. */
public record ProcessPaymentCommand(
    @TargetAggregateIdentifier String accountId, String orderId, BigDecimal amount) {}
