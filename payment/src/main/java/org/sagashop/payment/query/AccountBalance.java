package org.sagashop.payment.query;

import java.math.BigDecimal;

public record AccountBalance(String accountId, BigDecimal balance) {}
