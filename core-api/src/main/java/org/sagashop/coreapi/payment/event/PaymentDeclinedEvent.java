package org.sagashop.coreapi.payment.event;

import java.math.BigDecimal;

/** A refusal the order saga reacts to; the reason is written for the buyer to read. */
public record PaymentDeclinedEvent(
    String accountId, String orderId, BigDecimal amount, String reason) {}
