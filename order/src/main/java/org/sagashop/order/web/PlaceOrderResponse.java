package org.sagashop.order.web;

import org.sagashop.order.query.OrderStatus;

public record PlaceOrderResponse(String orderId, OrderStatus status) {}
