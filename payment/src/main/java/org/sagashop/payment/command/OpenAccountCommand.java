package org.sagashop.payment.command;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open the payment account of a user. Opening an account that is already open changes nothing. */
public record OpenAccountCommand(
    @TargetAggregateIdentifier String accountId, BigDecimal startingBalance) {}
