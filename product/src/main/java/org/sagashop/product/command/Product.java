package org.sagashop.product.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.product.command.ReleaseStockCommand;
import org.sagashop.coreapi.product.command.ReserveStockCommand;
import org.sagashop.coreapi.product.event.ProductCreatedEvent;
import org.sagashop.coreapi.product.event.ProductRestockedEvent;
import org.sagashop.coreapi.product.event.StockReleasedEvent;
import org.sagashop.coreapi.product.event.StockReservationRejectedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;
import org.sagashop.platform.web.DomainRuleException;

/**
 * A product and its stock. Stock is reserved per order and the order saga may repeat any command
 * after a lost reply, so every order-related command is idempotent: the aggregate remembers which
 * orders hold a reservation, which were refused, and which were closed by a release. A completed
 * order is never released, so its reservation stays taken: that stock was sold.
 */
@Aggregate
class Product {

  static final String ORDER_ALREADY_CLOSED_REASON = "The order was already cancelled";

  private static final BigDecimal MIN_PRICE = new BigDecimal(ProductLimits.MIN_PRICE);
  private static final BigDecimal MAX_PRICE = new BigDecimal(ProductLimits.MAX_PRICE);

  @AggregateIdentifier private String productId;
  private String name;
  private int availableStock;
  private final Map<String, Integer> reservedByOrder = new HashMap<>();
  private final Set<String> rejectedOrders = new HashSet<>();
  private final Set<String> closedOrders = new HashSet<>();

  Product() {
    // for Axon, which rebuilds the aggregate from its events
  }

  @CommandHandler
  Product(CreateProductCommand command) {
    String name = command.name() == null ? "" : command.name().strip();
    if (name.isEmpty()) {
      throw invalid("A product needs a name.");
    }
    if (name.length() > ProductLimits.MAX_NAME_LENGTH) {
      throw invalid(
          "A product name can be at most " + ProductLimits.MAX_NAME_LENGTH + " characters long.");
    }
    String description = command.description() == null ? "" : command.description().strip();
    if (description.length() > ProductLimits.MAX_DESCRIPTION_LENGTH) {
      throw invalid(
          "A product description can be at most "
              + ProductLimits.MAX_DESCRIPTION_LENGTH
              + " characters long.");
    }
    apply(
        new ProductCreatedEvent(
            command.productId(),
            name,
            description,
            checkedPrice(command.price()),
            checkedStockChange(command.initialStock(), 0, "The initial stock")));
  }

  @CommandHandler
  int handle(RestockProductCommand command) {
    int quantity = checkedStockChange(command.quantity(), 1, "A restock");
    if (quantity > Integer.MAX_VALUE - availableStock) {
      throw invalid(
          "Restocking "
              + quantity
              + " of '"
              + name
              + "' would exceed the largest stock a product can hold.");
    }
    apply(new ProductRestockedEvent(productId, quantity, availableStock + quantity));
    return availableStock;
  }

  @CommandHandler
  void handle(ReserveStockCommand command) {
    if (command.quantity() < 1) {
      throw invalid("A reservation must be for at least one item.");
    }
    String orderId = command.orderId();
    if (reservedByOrder.containsKey(orderId) || rejectedOrders.contains(orderId)) {
      return;
    }
    if (closedOrders.contains(orderId)) {
      apply(
          new StockReservationRejectedEvent(
              productId, orderId, command.quantity(), availableStock, ORDER_ALREADY_CLOSED_REASON));
    } else if (command.quantity() > availableStock) {
      apply(
          new StockReservationRejectedEvent(
              productId,
              orderId,
              command.quantity(),
              availableStock,
              shortageReason(command.quantity())));
    } else {
      apply(
          new StockReservedEvent(
              productId, orderId, command.quantity(), availableStock - command.quantity()));
    }
  }

  @CommandHandler
  void handle(ReleaseStockCommand command) {
    String orderId = command.orderId();
    if (closedOrders.contains(orderId)) {
      return;
    }
    int reserved = reservedByOrder.getOrDefault(orderId, 0);
    apply(new StockReleasedEvent(productId, orderId, reserved, availableStock + reserved));
  }

  @EventSourcingHandler
  void on(ProductCreatedEvent event) {
    productId = event.productId();
    name = event.name();
    availableStock = event.initialStock();
  }

  @EventSourcingHandler
  void on(ProductRestockedEvent event) {
    availableStock = event.availableStock();
  }

  @EventSourcingHandler
  void on(StockReservedEvent event) {
    reservedByOrder.put(event.orderId(), event.quantity());
    availableStock = event.availableStock();
  }

  @EventSourcingHandler
  void on(StockReservationRejectedEvent event) {
    rejectedOrders.add(event.orderId());
  }

  @EventSourcingHandler
  void on(StockReleasedEvent event) {
    reservedByOrder.remove(event.orderId());
    closedOrders.add(event.orderId());
    availableStock = event.availableStock();
  }

  private String shortageReason(int requested) {
    if (availableStock == 0) {
      return "'" + name + "' is out of stock, " + requested + " requested";
    }
    return "Only "
        + availableStock
        + " of '"
        + name
        + "' left in stock, "
        + requested
        + " requested";
  }

  private static BigDecimal checkedPrice(BigDecimal price) {
    if (price == null) {
      throw invalid("A product needs a price.");
    }
    if (price.compareTo(MIN_PRICE) < 0 || price.compareTo(MAX_PRICE) > 0) {
      throw invalid(
          "The price must be between "
              + ProductLimits.MIN_PRICE
              + " and "
              + ProductLimits.MAX_PRICE
              + ".");
    }
    if (price.stripTrailingZeros().scale() > ProductLimits.PRICE_DECIMALS) {
      throw invalid("The price can have at most " + ProductLimits.PRICE_DECIMALS + " decimals.");
    }
    return price.setScale(ProductLimits.PRICE_DECIMALS);
  }

  private static int checkedStockChange(int quantity, int minimum, String what) {
    if (quantity < minimum || quantity > ProductLimits.MAX_STOCK_CHANGE) {
      throw invalid(
          what
              + " must be between "
              + minimum
              + " and "
              + ProductLimits.MAX_STOCK_CHANGE
              + " items.");
    }
    return quantity;
  }

  private static DomainRuleException invalid(String message) {
    return new DomainRuleException(ErrorCode.VALIDATION_FAILED, message);
  }
}
