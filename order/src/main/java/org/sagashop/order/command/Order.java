package org.sagashop.order.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.platform.web.DomainRuleException;

/**
 * An order: placed, then either completed or cancelled, once. Repeats of the saga's commands are
 * answered with no change, because the saga may send a command again after a lost reply.
 */
@Aggregate
class Order {

  private enum Status {
    PENDING,
    COMPLETED,
    CANCELLED
  }

  @AggregateIdentifier private String orderId;
  private String userId;
  private BigDecimal total;
  private Status status;

  protected Order() {
    // required by Axon to rebuild the order from its events
  }

  @CommandHandler
  Order(PlaceOrderCommand command) {
    requireText(command.orderId(), "An order needs an id.");
    requireText(command.userId(), "An order needs a buyer.");
    List<OrderLine> lines = command.lines();
    if (lines == null || lines.isEmpty()) {
      throw invalid("An order needs at least one line.");
    }
    Set<String> products = new HashSet<>();
    for (OrderLine line : lines) {
      requireText(line.productId(), "Every order line needs a product.");
      if (!products.add(line.productId())) {
        throw invalid("Product " + line.productId() + " appears more than once in the order.");
      }
      if (line.quantity() <= 0) {
        throw invalid("The quantity of product " + line.productId() + " must be positive.");
      }
      if (line.unitPrice() == null || line.unitPrice().signum() < 0) {
        throw invalid("The price of product " + line.productId() + " must not be negative.");
      }
    }
    BigDecimal total =
        lines.stream()
            .map(OrderLine::lineTotal)
            .reduce(BigDecimal.ZERO, BigDecimal::add)
            .setScale(2, RoundingMode.HALF_UP);
    apply(new OrderPlacedEvent(command.orderId(), command.userId(), List.copyOf(lines), total));
  }

  @CommandHandler
  void handle(CompleteOrderCommand command) {
    if (status == Status.COMPLETED) {
      return;
    }
    if (status == Status.CANCELLED) {
      throw new DomainRuleException(
          ErrorCode.ORDER_ALREADY_CLOSED,
          "Order " + orderId + " was cancelled and cannot be completed.");
    }
    apply(new OrderCompletedEvent(orderId, userId, total));
  }

  @CommandHandler
  void handle(CancelOrderCommand command) {
    if (status == Status.CANCELLED) {
      return;
    }
    if (status == Status.COMPLETED) {
      throw new DomainRuleException(
          ErrorCode.ORDER_ALREADY_CLOSED,
          "Order " + orderId + " was completed and cannot be cancelled.");
    }
    requireText(command.reason(), "A cancellation needs a reason.");
    apply(new OrderCancelledEvent(orderId, userId, command.reason()));
  }

  @CommandHandler
  void handle(RecordStepFailureCommand command) {
    if (status != Status.PENDING) {
      return;
    }
    requireText(command.step(), "A step failure needs the step.");
    requireText(command.reason(), "A step failure needs a reason.");
    apply(new OrderStepFailedEvent(orderId, command.step(), command.reason()));
  }

  @EventSourcingHandler
  void on(OrderPlacedEvent event) {
    orderId = event.orderId();
    userId = event.userId();
    total = event.total();
    status = Status.PENDING;
  }

  @EventSourcingHandler
  void on(OrderCompletedEvent event) {
    status = Status.COMPLETED;
  }

  @EventSourcingHandler
  void on(OrderCancelledEvent event) {
    status = Status.CANCELLED;
  }

  private static void requireText(String value, String message) {
    if (value == null || value.isBlank()) {
      throw invalid(message);
    }
  }

  private static DomainRuleException invalid(String message) {
    return new DomainRuleException(ErrorCode.VALIDATION_FAILED, message);
  }
}
