package org.sagashop.product.query;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

/**
 * Exposes only what the projection uses, which keeps the projection's unit test free of a database
 * (an in-memory implementation of four methods stands in for it).
 */
interface ProductCatalogRepository extends Repository<ProductCatalogEntry, String> {

  ProductCatalogEntry save(ProductCatalogEntry entry);

  Optional<ProductCatalogEntry> findById(String productId);

  List<ProductCatalogEntry> findAll();

  void deleteAll();
}
