package org.sagashop.order.query;

import java.math.BigDecimal;

public record OrderItem(
    String productId,
    String productName,
    int quantity,
    BigDecimal unitPrice,
    BigDecimal lineTotal) {}
