package org.sagashop.product.query;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.sagashop.coreapi.product.event.ProductCreatedEvent;
import org.sagashop.coreapi.product.event.ProductRestockedEvent;
import org.sagashop.coreapi.product.event.StockReleasedEvent;
import org.sagashop.coreapi.product.event.StockReservationRejectedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;
import org.springframework.stereotype.Component;

/**
 * The catalog read model. Every product event carries the stock that is available after it, so each
 * one simply sets the row's stock: replaying the events rebuilds the same table.
 */
@Component
@ProcessingGroup(ProductCatalogProjection.PROCESSING_GROUP)
public class ProductCatalogProjection {

  public static final String PROCESSING_GROUP = "product-catalog";

  static final Comparator<ProductView> BY_NAME =
      Comparator.comparing(ProductView::name, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(ProductView::name)
          .thenComparing(ProductView::productId);

  private final ProductCatalogRepository catalog;

  ProductCatalogProjection(ProductCatalogRepository catalog) {
    this.catalog = catalog;
  }

  @EventHandler
  void on(ProductCreatedEvent event) {
    catalog.save(
        ProductCatalogEntry.listed(
            event.productId(),
            event.name(),
            event.description(),
            event.price(),
            event.initialStock()));
  }

  @EventHandler
  void on(ProductRestockedEvent event) {
    stockChanged(event.productId(), event.availableStock());
  }

  @EventHandler
  void on(StockReservedEvent event) {
    stockChanged(event.productId(), event.availableStock());
  }

  @EventHandler
  void on(StockReservationRejectedEvent event) {
    stockChanged(event.productId(), event.availableStock());
  }

  @EventHandler
  void on(StockReleasedEvent event) {
    stockChanged(event.productId(), event.availableStock());
  }

  @ResetHandler
  void reset() {
    catalog.deleteAll();
  }

  @QueryHandler
  Optional<ProductView> handle(FindProductQuery query) {
    return catalog.findById(query.productId()).map(ProductCatalogEntry::toView);
  }

  @QueryHandler
  List<ProductView> handle(FindAllProductsQuery query) {
    return catalog.findAll().stream().map(ProductCatalogEntry::toView).sorted(BY_NAME).toList();
  }

  private void stockChanged(String productId, int availableStock) {
    ProductCatalogEntry entry =
        catalog
            .findById(productId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Stock changed for product " + productId + ", which the catalog lacks"));
    entry.stockChangedTo(availableStock);
    catalog.save(entry);
  }
}
