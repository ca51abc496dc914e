package org.sagashop.coreapi.payment.event;

import java.math.BigDecimal;

public record MoneyDepositedEvent(String accountId, BigDecimal amount, BigDecimal balance) {}
