package org.sagashop.order.query;

/** A buyer's orders, newest first. */
public record FindOrdersOfUserQuery(String userId) {}
