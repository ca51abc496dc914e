package org.sagashop.product.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.product.event.ProductCreatedEvent;
import org.sagashop.coreapi.product.event.ProductRestockedEvent;
import org.sagashop.coreapi.product.event.StockReleasedEvent;
import org.sagashop.coreapi.product.event.StockReservationRejectedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;

class ProductCatalogProjectionTest {

  private static final BigDecimal PRICE = new BigDecimal("12.50");

  private final InMemoryCatalog catalog = new InMemoryCatalog();
  private final ProductCatalogProjection projection = new ProductCatalogProjection(catalog);

  @Test
  void listsCreatedProduct() {
    projection.on(new ProductCreatedEvent("p1", "Blue Mug", "Holds coffee", PRICE, 10));

    assertThat(projection.handle(new FindProductQuery("p1")))
        .contains(new ProductView("p1", "Blue Mug", "Holds coffee", PRICE, 10));
  }

  @Test
  void findsNothingForUnknownProduct() {
    assertThat(projection.handle(new FindProductQuery("unknown"))).isEmpty();
  }

  @Test
  void followsTheAvailableStockThroughEveryStockEvent() {
    projection.on(new ProductCreatedEvent("p1", "Blue Mug", "", PRICE, 10));

    projection.on(new StockReservedEvent("p1", "o1", 4, 6));
    assertThat(stockOf("p1")).isEqualTo(6);

    projection.on(new ProductRestockedEvent("p1", 5, 11));
    assertThat(stockOf("p1")).isEqualTo(11);

    projection.on(new StockReleasedEvent("p1", "o1", 4, 15));
    assertThat(stockOf("p1")).isEqualTo(15);

    projection.on(
        new StockReservationRejectedEvent("p1", "o2", 20, 15, "Only 15 of 'Blue Mug' left"));
    assertThat(stockOf("p1")).isEqualTo(15);
  }

  @Test
  void listsAllProductsSortedByNameIgnoringCase() {
    projection.on(new ProductCreatedEvent("p1", "teapot", "", PRICE, 1));
    projection.on(new ProductCreatedEvent("p2", "Blue Mug", "", PRICE, 2));
    projection.on(new ProductCreatedEvent("p3", "Saucer", "", PRICE, 3));
    projection.on(new ProductCreatedEvent("p4", "apron", "", PRICE, 4));

    assertThat(projection.handle(new FindAllProductsQuery()))
        .extracting(ProductView::name)
        .containsExactly("apron", "Blue Mug", "Saucer", "teapot");
  }

  @Test
  void replayingCreationLeavesOneRow() {
    ProductCreatedEvent created = new ProductCreatedEvent("p1", "Blue Mug", "", PRICE, 10);
    projection.on(created);
    projection.on(created);

    assertThat(projection.handle(new FindAllProductsQuery())).hasSize(1);
  }

  @Test
  void resetEmptiesTheCatalogForAReplay() {
    projection.on(new ProductCreatedEvent("p1", "Blue Mug", "", PRICE, 10));

    projection.reset();

    assertThat(projection.handle(new FindAllProductsQuery())).isEmpty();
  }

  @Test
  void refusesStockChangeOfAProductItNeverSawCreated() {
    assertThatThrownBy(() -> projection.on(new StockReservedEvent("p9", "o1", 1, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("p9");
  }

  private int stockOf(String productId) {
    return projection.handle(new FindProductQuery(productId)).orElseThrow().availableStock();
  }

  private static final class InMemoryCatalog implements ProductCatalogRepository {

    private final Map<String, ProductCatalogEntry> rows = new LinkedHashMap<>();

    @Override
    public ProductCatalogEntry save(ProductCatalogEntry entry) {
      rows.put(entry.toView().productId(), entry);
      return entry;
    }

    @Override
    public Optional<ProductCatalogEntry> findById(String productId) {
      return Optional.ofNullable(rows.get(productId));
    }

    @Override
    public List<ProductCatalogEntry> findAll() {
      return new ArrayList<>(rows.values());
    }

    @Override
    public void deleteAll() {
      rows.clear();
    }
  }
}
