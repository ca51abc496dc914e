package org.sagashop.coreapi.order.model;

import java.math.BigDecimal;

/** One priced line of an order, as it was when the order was placed. */
public record OrderLine(String productId, String productName, int quantity, BigDecimal unitPrice) {

  public BigDecimal lineTotal() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
