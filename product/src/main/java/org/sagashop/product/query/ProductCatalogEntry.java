package org.sagashop.product.query;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** One row of the catalog read model. */
@Entity
@Table(name = "product_catalog")
class ProductCatalogEntry {

  @Id
  @Column(name = "product_id")
  private String productId;

  @Column(name = "name", nullable = false, columnDefinition = "text")
  private String name;

  @Column(name = "description", nullable = false, columnDefinition = "text")
  private String description;

  @Column(name = "price", nullable = false, precision = 12, scale = 2)
  private BigDecimal price;

  @Column(name = "available_stock", nullable = false)
  private int availableStock;

  protected ProductCatalogEntry() {
    // for JPA
  }

  private ProductCatalogEntry(
      String productId, String name, String description, BigDecimal price, int availableStock) {
    this.productId = productId;
    this.name = name;
    this.description = description;
    this.price = price;
    this.availableStock = availableStock;
  }

  static ProductCatalogEntry listed(
      String productId, String name, String description, BigDecimal price, int initialStock) {
    return new ProductCatalogEntry(productId, name, description, price, initialStock);
  }

  void stockChangedTo(int availableStock) {
    this.availableStock = availableStock;
  }

  ProductView toView() {
    return new ProductView(productId, name, description, price, availableStock);
  }
}
