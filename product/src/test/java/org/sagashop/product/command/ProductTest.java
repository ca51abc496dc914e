package org.sagashop.product.command;

import java.math.BigDecimal;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.ErrorDetails;
import org.sagashop.coreapi.product.command.ReleaseStockCommand;
import org.sagashop.coreapi.product.command.ReserveStockCommand;
import org.sagashop.coreapi.product.event.ProductCreatedEvent;
import org.sagashop.coreapi.product.event.ProductRestockedEvent;
import org.sagashop.coreapi.product.event.StockReleasedEvent;
import org.sagashop.coreapi.product.event.StockReservationRejectedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;
import org.sagashop.platform.web.DomainRuleException;
import org.sagashop.product.config.ProductConfiguration;

class ProductTest {

  private static final String PRODUCT = "product-1";
  private static final String ORDER = "order-1";
  private static final String OTHER_ORDER = "order-2";
  private static final BigDecimal PRICE = new BigDecimal("12.50");
  private static final ProductCreatedEvent BLUE_MUG_WITH_10 =
      new ProductCreatedEvent(PRODUCT, "Blue Mug", "Holds coffee", PRICE, 10);

  private FixtureConfiguration<Product> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Product.class);
    fixture.registerCommandHandlerInterceptor(ProductConfiguration.unknownProduct());
  }

  // creating

  @Test
  void createsProduct() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "Blue Mug", "Holds coffee", PRICE, 10))
        .expectSuccessfulHandlerExecution()
        .expectEvents(BLUE_MUG_WITH_10);
  }

  @Test
  void storesPriceWithTwoDecimalsAndNameWithoutSurroundingSpace() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateProductCommand(
                PRODUCT, "  Blue Mug ", " Holds coffee ", new BigDecimal("12.5000"), 10))
        .expectEvents(BLUE_MUG_WITH_10);
  }

  @Test
  void createsProductWithoutDescriptionAndWithoutStock() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "Blue Mug", null, new BigDecimal("3"), 0))
        .expectEvents(new ProductCreatedEvent(PRODUCT, "Blue Mug", "", new BigDecimal("3.00"), 0));
  }

  @Test
  void refusesProductWithBlankName() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "   ", "", PRICE, 10))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(invalid("A product needs a name."));
  }

  @Test
  void refusesProductWithoutName() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, null, "", PRICE, 10))
        .expectNoEvents()
        .expectExceptionDetails(invalid("A product needs a name."));
  }

  @Test
  void refusesNameLongerThanTheLimit() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateProductCommand(
                PRODUCT, "x".repeat(ProductLimits.MAX_NAME_LENGTH + 1), "", PRICE, 10))
        .expectNoEvents()
        .expectExceptionDetails(invalid("A product name can be at most 100 characters long."));
  }

  @Test
  void refusesDescriptionLongerThanTheLimit() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateProductCommand(
                PRODUCT,
                "Blue Mug",
                "x".repeat(ProductLimits.MAX_DESCRIPTION_LENGTH + 1),
                PRICE,
                10))
        .expectNoEvents()
        .expectExceptionDetails(
            invalid("A product description can be at most 1000 characters long."));
  }

  @Test
  void refusesProductWithoutPrice() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "Blue Mug", "", null, 10))
        .expectNoEvents()
        .expectExceptionDetails(invalid("A product needs a price."));
  }

  @Test
  void refusesZeroPrice() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "Blue Mug", "", BigDecimal.ZERO, 10))
        .expectNoEvents()
        .expectExceptionDetails(invalid("The price must be between 0.01 and 1000000."));
  }

  @Test
  void refusesNegativePrice() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "Blue Mug", "", new BigDecimal("-1.00"), 10))
        .expectNoEvents()
        .expectExceptionDetails(invalid("The price must be between 0.01 and 1000000."));
  }

  @Test
  void refusesPriceAboveTheLimit() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "Blue Mug", "", new BigDecimal("1000000.01"), 10))
        .expectNoEvents()
        .expectExceptionDetails(invalid("The price must be between 0.01 and 1000000."));
  }

  @Test
  void refusesPriceWithMoreThanTwoDecimals() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "Blue Mug", "", new BigDecimal("12.505"), 10))
        .expectNoEvents()
        .expectExceptionDetails(invalid("The price can have at most 2 decimals."));
  }

  @Test
  void refusesNegativeInitialStock() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateProductCommand(PRODUCT, "Blue Mug", "", PRICE, -1))
        .expectNoEvents()
        .expectExceptionDetails(invalid("The initial stock must be between 0 and 1000000 items."));
  }

  @Test
  void refusesInitialStockAboveTheLimit() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateProductCommand(
                PRODUCT, "Blue Mug", "", PRICE, ProductLimits.MAX_STOCK_CHANGE + 1))
        .expectNoEvents()
        .expectExceptionDetails(invalid("The initial stock must be between 0 and 1000000 items."));
  }

  // restocking

  @Test
  void restockAddsToTheStockAndAnswersTheNewStock() {
    fixture
        .given(BLUE_MUG_WITH_10)
        .when(new RestockProductCommand(PRODUCT, 5))
        .expectEvents(new ProductRestockedEvent(PRODUCT, 5, 15))
        .expectResultMessagePayload(15);
  }

  @Test
  void restockAddsToWhatIsLeftAfterReservations() {
    fixture
        .given(BLUE_MUG_WITH_10, new StockReservedEvent(PRODUCT, ORDER, 4, 6))
        .when(new RestockProductCommand(PRODUCT, 5))
        .expectEvents(new ProductRestockedEvent(PRODUCT, 5, 11))
        .expectResultMessagePayload(11);
  }

  @Test
  void refusesRestockOfNothing() {
    fixture
        .given(BLUE_MUG_WITH_10)
        .when(new RestockProductCommand(PRODUCT, 0))
        .expectNoEvents()
        .expectExceptionDetails(invalid("A restock must be between 1 and 1000000 items."));
  }

  @Test
  void refusesRestockAboveTheLimit() {
    fixture
        .given(BLUE_MUG_WITH_10)
        .when(new RestockProductCommand(PRODUCT, ProductLimits.MAX_STOCK_CHANGE + 1))
        .expectNoEvents()
        .expectExceptionDetails(invalid("A restock must be between 1 and 1000000 items."));
  }

  @Test
  void refusesRestockBeyondTheLargestStockAProductCanHold() {
    fixture
        .given(
            BLUE_MUG_WITH_10, new ProductRestockedEvent(PRODUCT, 1_000_000, Integer.MAX_VALUE - 5))
        .when(new RestockProductCommand(PRODUCT, 6))
        .expectNoEvents()
        .expectExceptionDetails(
            invalid(
                "Restocking 6 of 'Blue Mug' would exceed the largest stock a product can hold."));
  }

  @Test
  void refusesRestockOfUnknownProduct() {
    fixture
        .givenNoPriorActivity()
        .when(new RestockProductCommand(PRODUCT, 5))
        .expectNoEvents()
        .expectException(DomainRuleException.class)
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.PRODUCT_NOT_FOUND, "There is no product with id " + PRODUCT));
  }

  // reserving

  @Test
  void reservesStockForAnOrder() {
    fixture
        .given(BLUE_MUG_WITH_10)
        .when(new ReserveStockCommand(PRODUCT, ORDER, 3))
        .expectEvents(new StockReservedEvent(PRODUCT, ORDER, 3, 7));
  }

  @Test
  void reservesTheLastItems() {
    fixture
        .given(BLUE_MUG_WITH_10)
        .when(new ReserveStockCommand(PRODUCT, ORDER, 10))
        .expectEvents(new StockReservedEvent(PRODUCT, ORDER, 10, 0));
  }

  @Test
  void reservesForEachOrderSeparately() {
    fixture
        .given(BLUE_MUG_WITH_10, new StockReservedEvent(PRODUCT, ORDER, 3, 7))
        .when(new ReserveStockCommand(PRODUCT, OTHER_ORDER, 2))
        .expectEvents(new StockReservedEvent(PRODUCT, OTHER_ORDER, 2, 5));
  }

  @Test
  void rejectsReservationWhenStockIsShort() {
    fixture
        .given(BLUE_MUG_WITH_10, new StockReservedEvent(PRODUCT, OTHER_ORDER, 8, 2))
        .when(new ReserveStockCommand(PRODUCT, ORDER, 5))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new StockReservationRejectedEvent(
                PRODUCT, ORDER, 5, 2, "Only 2 of 'Blue Mug' left in stock, 5 requested"));
  }

  @Test
  void rejectsReservationWhenOutOfStock() {
    fixture
        .given(BLUE_MUG_WITH_10, new StockReservedEvent(PRODUCT, OTHER_ORDER, 10, 0))
        .when(new ReserveStockCommand(PRODUCT, ORDER, 1))
        .expectEvents(
            new StockReservationRejectedEvent(
                PRODUCT, ORDER, 1, 0, "'Blue Mug' is out of stock, 1 requested"));
  }

  @Test
  void repeatedReservationChangesNothing() {
    fixture
        .given(BLUE_MUG_WITH_10, new StockReservedEvent(PRODUCT, ORDER, 3, 7))
        .when(new ReserveStockCommand(PRODUCT, ORDER, 3))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void repeatedRejectedReservationChangesNothingEvenAfterARestock() {
    fixture
        .given(
            BLUE_MUG_WITH_10,
            new StockReservationRejectedEvent(
                PRODUCT, ORDER, 12, 10, "Only 10 of 'Blue Mug' left in stock, 12 requested"),
            new ProductRestockedEvent(PRODUCT, 5, 15))
        .when(new ReserveStockCommand(PRODUCT, ORDER, 12))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void rejectsReservationForAnOrderAlreadyReleased() {
    fixture
        .given(
            BLUE_MUG_WITH_10,
            new StockReservedEvent(PRODUCT, ORDER, 3, 7),
            new StockReleasedEvent(PRODUCT, ORDER, 3, 10))
        .when(new ReserveStockCommand(PRODUCT, ORDER, 3))
        .expectEvents(
            new StockReservationRejectedEvent(
                PRODUCT, ORDER, 3, 10, Product.ORDER_ALREADY_CLOSED_REASON));
  }

  @Test
  void rejectsReservationArrivingAfterTheOrderWasReleasedWithoutOne() {
    fixture
        .given(BLUE_MUG_WITH_10, new StockReleasedEvent(PRODUCT, ORDER, 0, 10))
        .when(new ReserveStockCommand(PRODUCT, ORDER, 3))
        .expectEvents(
            new StockReservationRejectedEvent(
                PRODUCT, ORDER, 3, 10, "The order was already cancelled"));
  }

  @Test
  void repeatedLateReservationChangesNothing() {
    fixture
        .given(
            BLUE_MUG_WITH_10,
            new StockReleasedEvent(PRODUCT, ORDER, 0, 10),
            new StockReservationRejectedEvent(
                PRODUCT, ORDER, 3, 10, Product.ORDER_ALREADY_CLOSED_REASON))
        .when(new ReserveStockCommand(PRODUCT, ORDER, 3))
        .expectNoEvents();
  }

  @Test
  void refusesReservationOfNothing() {
    fixture
        .given(BLUE_MUG_WITH_10)
        .when(new ReserveStockCommand(PRODUCT, ORDER, 0))
        .expectNoEvents()
        .expectExceptionDetails(invalid("A reservation must be for at least one item."));
  }

  @Test
  void refusesReservationForUnknownProduct() {
    fixture
        .givenNoPriorActivity()
        .when(new ReserveStockCommand(PRODUCT, ORDER, 1))
        .expectNoEvents()
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.PRODUCT_NOT_FOUND, "There is no product with id " + PRODUCT));
  }

  // releasing

  @Test
  void releaseGivesTheReservedStockBack() {
    fixture
        .given(BLUE_MUG_WITH_10, new StockReservedEvent(PRODUCT, ORDER, 3, 7))
        .when(new ReleaseStockCommand(PRODUCT, ORDER, "Payment declined"))
        .expectEvents(new StockReleasedEvent(PRODUCT, ORDER, 3, 10));
  }

  @Test
  void releaseLeavesOtherOrdersReservationsTaken() {
    fixture
        .given(
            BLUE_MUG_WITH_10,
            new StockReservedEvent(PRODUCT, OTHER_ORDER, 4, 6),
            new StockReservedEvent(PRODUCT, ORDER, 3, 3))
        .when(new ReleaseStockCommand(PRODUCT, ORDER, "Payment declined"))
        .expectEvents(new StockReleasedEvent(PRODUCT, ORDER, 3, 6));
  }

  @Test
  void releaseOfAnOrderWithoutReservationClosesItWithNothingGivenBack() {
    fixture
        .given(BLUE_MUG_WITH_10)
        .when(new ReleaseStockCommand(PRODUCT, ORDER, "Another line was out of stock"))
        .expectEvents(new StockReleasedEvent(PRODUCT, ORDER, 0, 10));
  }

  @Test
  void releaseOfARejectedOrderGivesNothingBack() {
    fixture
        .given(
            BLUE_MUG_WITH_10,
            new StockReservationRejectedEvent(
                PRODUCT, ORDER, 12, 10, "Only 10 of 'Blue Mug' left in stock, 12 requested"))
        .when(new ReleaseStockCommand(PRODUCT, ORDER, "Out of stock"))
        .expectEvents(new StockReleasedEvent(PRODUCT, ORDER, 0, 10));
  }

  @Test
  void repeatedReleaseChangesNothing() {
    fixture
        .given(
            BLUE_MUG_WITH_10,
            new StockReservedEvent(PRODUCT, ORDER, 3, 7),
            new StockReleasedEvent(PRODUCT, ORDER, 3, 10))
        .when(new ReleaseStockCommand(PRODUCT, ORDER, "Payment declined"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void releaseOfUnknownProductIsRefused() {
    fixture
        .givenNoPriorActivity()
        .when(new ReleaseStockCommand(PRODUCT, ORDER, "Payment declined"))
        .expectNoEvents()
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.PRODUCT_NOT_FOUND, "There is no product with id " + PRODUCT));
  }

  private static ErrorDetails invalid(String message) {
    return new ErrorDetails(ErrorCode.VALIDATION_FAILED, message);
  }
}
