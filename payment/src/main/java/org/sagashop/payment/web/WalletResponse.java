package org.sagashop.payment.web;

import java.math.BigDecimal;

public record WalletResponse(String accountId, BigDecimal balance) {}
