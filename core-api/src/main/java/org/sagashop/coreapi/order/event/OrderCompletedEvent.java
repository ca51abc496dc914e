package org.sagashop.coreapi.order.event;

import java.math.BigDecimal;

public record OrderCompletedEvent(String orderId, String userId, BigDecimal total) {}
