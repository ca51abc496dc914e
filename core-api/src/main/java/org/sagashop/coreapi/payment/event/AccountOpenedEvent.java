package org.sagashop.coreapi.payment.event;

import java.math.BigDecimal;

public record AccountOpenedEvent(String accountId, BigDecimal startingBalance) {}
