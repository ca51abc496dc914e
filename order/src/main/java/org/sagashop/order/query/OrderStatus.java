package org.sagashop.order.query;

public enum OrderStatus {
  PENDING,
  COMPLETED,
  CANCELLED;

  public boolean isFinal() {
    return this != PENDING;
  }
}
