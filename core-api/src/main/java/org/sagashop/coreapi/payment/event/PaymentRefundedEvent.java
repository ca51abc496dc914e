package org.sagashop.coreapi.payment.event;

import java.math.BigDecimal;

/** Money given back for an order; amount 0 when the order was never charged. */
public record PaymentRefundedEvent(
    String accountId, String orderId, BigDecimal amount, BigDecimal balance) {}
