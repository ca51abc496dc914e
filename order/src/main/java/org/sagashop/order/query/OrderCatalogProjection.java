package org.sagashop.order.query;

import java.math.RoundingMode;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.sagashop.coreapi.product.event.ProductCreatedEvent;
import org.springframework.stereotype.Component;

/** The products orders are priced from, fed by the product service's events through the inbox. */
@Component
@ProcessingGroup("order-catalog")
public class OrderCatalogProjection {

  private final CatalogEntryRepository catalog;

  public OrderCatalogProjection(CatalogEntryRepository catalog) {
    this.catalog = catalog;
  }

  @EventHandler
  public void on(ProductCreatedEvent event) {
    catalog.save(
        new CatalogEntry(
            event.productId(), event.name(), event.price().setScale(2, RoundingMode.HALF_UP)));
  }

  @ResetHandler
  public void reset() {
    catalog.deleteAllInBatch();
  }

  @QueryHandler
  public List<CatalogProduct> handle(FindCatalogProductsQuery query) {
    return catalog.findAllById(query.productIds()).stream().map(CatalogEntry::toProduct).toList();
  }
}
