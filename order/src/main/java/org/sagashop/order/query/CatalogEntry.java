package org.sagashop.order.query;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

@Entity
@Table(name = "order_catalog")
class CatalogEntry {

  @Id
  @Column(name = "product_id")
  private String productId;

  private String name;

  @Column(precision = 12, scale = 2)
  private BigDecimal price;

  protected CatalogEntry() {
    // for JPA
  }

  CatalogEntry(String productId, String name, BigDecimal price) {
    this.productId = productId;
    this.name = name;
    this.price = price;
  }

  CatalogProduct toProduct() {
    return new CatalogProduct(productId, name, price);
  }
}
