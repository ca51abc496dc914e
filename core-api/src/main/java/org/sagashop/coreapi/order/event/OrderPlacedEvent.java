package org.sagashop.coreapi.order.event;

import java.math.BigDecimal;
import java.util.List;
import org.sagashop.coreapi.order.model.OrderLine;

public record OrderPlacedEvent(
    String orderId, String userId, List<OrderLine> lines, BigDecimal total) {}
