package org.sagashop.order.saga;

/**
 * The payload of the deadline by which a compensating command that will not be sent again reports
 * back to the saga: it was refused, or its last attempt failed. The saga stops waiting for its
 * confirmation.
 *
 * @param orderId the order the saga runs for, so that a stored deadline says whose it is
 * @param retryDeadline the retry deadline of the command given up on, which names the command
 * @param productId the line a release was about; {@code null} for a refund or the cancellation
 * @param failure why the command was given up on, for the log
 */
public record AbandonedCompensation(
    String orderId, String retryDeadline, String productId, String failure) {}
