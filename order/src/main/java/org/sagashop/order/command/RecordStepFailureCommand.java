package org.sagashop.order.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A command the order saga sent failed outright (no refusal event will come, for instance because
 * the receiving service could not be reached). Recording it as an event lets the saga compensate
 * from its own event stream, in order, instead of from a callback thread.
 */
public record RecordStepFailureCommand(
    @TargetAggregateIdentifier String orderId, String step, String reason) {}
