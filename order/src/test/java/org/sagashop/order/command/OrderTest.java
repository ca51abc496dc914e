package org.sagashop.order.command;

import java.math.BigDecimal;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.ErrorDetails;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.platform.web.DomainRuleException;

class OrderTest {

  private static final String ORDER = "order-1";
  private static final String USER = "user-1";
  private static final OrderLine MUGS =
      new OrderLine("mug", "Blue Mug", 2, new BigDecimal("12.50"));
  private static final OrderLine TEA =
      new OrderLine("tea", "Green Tea", 3, new BigDecimal("4.333"));
  private static final OrderPlacedEvent PLACED =
      new OrderPlacedEvent(ORDER, USER, List.of(MUGS), new BigDecimal("25.00"));

  private FixtureConfiguration<Order> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Order.class);
  }

  @Test
  void placesOrderWithTotalOfItsLinesAtTwoDecimals() {
    fixture
        .givenNoPriorActivity()
        .when(new PlaceOrderCommand(ORDER, USER, List.of(MUGS, TEA)))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new OrderPlacedEvent(ORDER, USER, List.of(MUGS, TEA), new BigDecimal("38.00")));
  }

  @Test
  void placingTheSameOrderAgainChangesNothing() {
    fixture
        .given(PLACED)
        .when(new PlaceOrderCommand(ORDER, USER, List.of(MUGS)))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void refusesAnotherOrderUnderAnIdAlreadyPlaced() {
    fixture
        .given(PLACED)
        .when(new PlaceOrderCommand(ORDER, USER, List.of(MUGS, TEA)))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "Order order-1 was already placed with other lines under the same key."));
  }

  @Test
  void refusesOrderWithoutLines() {
    fixture
        .givenNoPriorActivity()
        .when(new PlaceOrderCommand(ORDER, USER, List.of()))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionMessage("An order needs at least one line.")
        .expectExceptionDetails(
            new ErrorDetails(ErrorCode.VALIDATION_FAILED, "An order needs at least one line."));
  }

  @Test
  void refusesLineWithoutPositiveQuantity() {
    fixture
        .givenNoPriorActivity()
        .when(
            new PlaceOrderCommand(
                ORDER, USER, List.of(new OrderLine("mug", "Blue Mug", 0, BigDecimal.TEN))))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionMessage("The quantity of product mug must be positive.");
  }

  @Test
  void refusesSameProductOnTwoLines() {
    fixture
        .givenNoPriorActivity()
        .when(new PlaceOrderCommand(ORDER, USER, List.of(MUGS, MUGS)))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionMessage("Product mug appears more than once in the order.");
  }

  @Test
  void refusesNegativePrice() {
    fixture
        .givenNoPriorActivity()
        .when(
            new PlaceOrderCommand(
                ORDER, USER, List.of(new OrderLine("mug", "Blue Mug", 1, new BigDecimal("-1")))))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionMessage("The price of product mug must not be negative.");
  }

  @Test
  void refusesOrderWithoutBuyer() {
    fixture
        .givenNoPriorActivity()
        .when(new PlaceOrderCommand(ORDER, " ", List.of(MUGS)))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionMessage("An order needs a buyer.");
  }

  @Test
  void completesPendingOrder() {
    fixture
        .given(PLACED)
        .when(new CompleteOrderCommand(ORDER))
        .expectEvents(new OrderCompletedEvent(ORDER, USER, new BigDecimal("25.00")));
  }

  @Test
  void completingCompletedOrderAgainChangesNothing() {
    fixture
        .given(PLACED, new OrderCompletedEvent(ORDER, USER, new BigDecimal("25.00")))
        .when(new CompleteOrderCommand(ORDER))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void refusesToCompleteCancelledOrder() {
    fixture
        .given(PLACED, new OrderCancelledEvent(ORDER, USER, "Out of stock"))
        .when(new CompleteOrderCommand(ORDER))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.ORDER_ALREADY_CLOSED,
                "Order order-1 was cancelled and cannot be completed."));
  }

  @Test
  void cancelsPendingOrderWithReason() {
    fixture
        .given(PLACED)
        .when(new CancelOrderCommand(ORDER, "Out of stock"))
        .expectEvents(new OrderCancelledEvent(ORDER, USER, "Out of stock"));
  }

  @Test
  void cancellingCancelledOrderAgainChangesNothing() {
    fixture
        .given(PLACED, new OrderCancelledEvent(ORDER, USER, "Out of stock"))
        .when(new CancelOrderCommand(ORDER, "Payment did not complete in time"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void refusesToCancelCompletedOrder() {
    fixture
        .given(PLACED, new OrderCompletedEvent(ORDER, USER, new BigDecimal("25.00")))
        .when(new CancelOrderCommand(ORDER, "Payment did not complete in time"))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.ORDER_ALREADY_CLOSED,
                "Order order-1 was completed and cannot be cancelled."));
  }

  @Test
  void refusesCancellationWithoutReason() {
    fixture
        .given(PLACED)
        .when(new CancelOrderCommand(ORDER, ""))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionMessage("A cancellation needs a reason.");
  }

  @Test
  void recordsStepFailureOfPendingOrder() {
    fixture
        .given(PLACED)
        .when(new RecordStepFailureCommand(ORDER, "payment", "The payment service is down."))
        .expectEvents(new OrderStepFailedEvent(ORDER, "payment", "The payment service is down."));
  }

  @Test
  void ignoresStepFailureOfCompletedOrder() {
    fixture
        .given(PLACED, new OrderCompletedEvent(ORDER, USER, new BigDecimal("25.00")))
        .when(new RecordStepFailureCommand(ORDER, "payment", "late failure"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void ignoresStepFailureOfCancelledOrder() {
    fixture
        .given(PLACED, new OrderCancelledEvent(ORDER, USER, "Out of stock"))
        .when(new RecordStepFailureCommand(ORDER, "stock-reservation", "late failure"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }
}
