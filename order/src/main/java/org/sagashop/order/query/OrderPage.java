package org.sagashop.order.query;

import java.util.List;

/** A page of a buyer's orders, and whether older ones follow. */
public record OrderPage(List<OrderSummary> orders, boolean more) {}
