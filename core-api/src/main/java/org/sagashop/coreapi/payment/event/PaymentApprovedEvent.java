package org.sagashop.coreapi.payment.event;

import java.math.BigDecimal;

public record PaymentApprovedEvent(
    String accountId, String orderId, BigDecimal amount, BigDecimal balance) {}
