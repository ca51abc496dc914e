package org.sagashop.payment.command;

import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Put money into an account; the result is the balance after the deposit. */
public record DepositMoneyCommand(@TargetAggregateIdentifier String accountId, BigDecimal amount) {}
