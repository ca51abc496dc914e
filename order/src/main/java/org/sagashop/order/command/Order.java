package org.sagashop.order.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
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
  private List<OrderLine> lines;
  private BigDecimal total;
  private Status status;

  protected Order() {
    // for Axon: rebuilt from its events, or created by PlaceOrderCommand (create-if-missing)
  }

  /**
   * Places the order, once. The order id is derived from the buyer and the request's idempotency
   * key, so a repeat of the request (a client's retry, or the same request served by another
   * instance after a failure between placing and recording the key) sends this command again: the
   * same order is a no-op, a different one under the same id is refused.
   */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(PlaceOrderCommand command) {
    if (orderId != null) {
      if (!userId.equals(command.userId()) || !sameItems(lines, command.lines())) {
        throw new DomainRuleException(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "Order " + orderId + " was already placed with other lines under the same key.");
      }
      return;
    }
    requireText(command.orderId(), "An order needs an id.");
    requireText(command.userId(), "An order needs a buyer.");
    List<OrderLine> ordered = command.lines();
    if (ordered == null || ordered.isEmpty()) {
      throw invalid("An order needs at least one line.");
    }
    Set<String> products = new HashSet<>();
    for (OrderLine line : ordered) {
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
        ordered.stream()
            .map(OrderLine::lineTotal)
            .reduce(BigDecimal.ZERO, BigDecimal::add)
            .setScale(2, RoundingMode.HALF_UP);
    apply(new OrderPlacedEvent(command.orderId(), command.userId(), List.copyOf(ordered), total));
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
    lines = event.lines();
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

  /** The same products in the same quantities; a repeat may price them again. */
  private static boolean sameItems(List<OrderLine> placed, List<OrderLine> repeated) {
    return repeated != null
        && placed.stream()
            .map(line -> line.productId() + "x" + line.quantity())
            .toList()
            .equals(
                repeated.stream().map(line -> line.productId() + "x" + line.quantity()).toList());
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
