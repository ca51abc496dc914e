package org.sagashop.order.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

public record OrderSummary(
    String orderId,
    String userId,
    OrderStatus status,
    List<OrderItem> items,
    BigDecimal total,
    String cancellationReason,
    Instant placedAt,
    List<TimelineEntry> timeline) {}
