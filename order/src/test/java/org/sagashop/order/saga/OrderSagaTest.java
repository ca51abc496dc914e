package org.sagashop.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.coreapi.payment.command.ProcessPaymentCommand;
import org.sagashop.coreapi.payment.command.RefundPaymentCommand;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;
import org.sagashop.coreapi.product.command.ReleaseStockCommand;
import org.sagashop.coreapi.product.command.ReserveStockCommand;
import org.sagashop.coreapi.product.event.StockReleasedEvent;
import org.sagashop.coreapi.product.event.StockReservationRejectedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;
import org.sagashop.order.command.CancelOrderCommand;
import org.sagashop.order.command.CompleteOrderCommand;
import org.sagashop.order.command.OrderStepFailedEvent;
import org.sagashop.order.command.RecordStepFailureCommand;
import org.sagashop.platform.axon.AxonSerializers;
import org.sagashop.platform.web.DomainRuleException;

class OrderSagaTest {

  private static final String ORDER = "order-1";
  private static final String USER = "user-1";
  private static final String MUG = "mug";
  private static final String TEA = "tea";
  private static final String POT = "pot";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PAST_TIMEOUT = TIMEOUT.plusSeconds(1);
  private static final OrderProcessProperties.Retry RETRY =
      new OrderProcessProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(10));
  private static final BigDecimal TOTAL = new BigDecimal("38.00");
  private static final OrderPlacedEvent PLACED =
      new OrderPlacedEvent(
          ORDER,
          USER,
          List.of(
              new OrderLine(MUG, "Blue Mug", 2, new BigDecimal("12.50")),
              new OrderLine(TEA, "Green Tea", 3, new BigDecimal("4.33"))),
          TOTAL);
  private static final StockReservedEvent MUG_RESERVED = new StockReservedEvent(MUG, ORDER, 2, 8);
  private static final StockReservedEvent TEA_RESERVED = new StockReservedEvent(TEA, ORDER, 3, 0);
  private static final StockReleasedEvent MUG_RELEASED = new StockReleasedEvent(MUG, ORDER, 2, 10);
  private static final StockReleasedEvent TEA_RELEASED = new StockReleasedEvent(TEA, ORDER, 3, 3);
  private static final String DECLINED = "Your balance of 10.00 is too low";
  private static final String UNREACHABLE = "No node known to accept command";

  private SagaTestFixture<OrderSaga> fixture;

  @BeforeEach
  void setUp() {
    useSettings(new OrderProcessProperties(TIMEOUT, TIMEOUT, RETRY));
  }

  private void useSettings(OrderProcessProperties settings) {
    fixture = new SagaTestFixture<>(OrderSaga.class);
    fixture.registerResource(settings);
  }

  @Test
  void reservesStockForEveryLineWhenOrderIsPlaced() {
    fixture
        .givenNoPriorActivity()
        .whenPublishingA(PLACED)
        .expectActiveSagas(1)
        .expectAssociationWith(OrderSaga.ORDER_ID, ORDER)
        .expectDispatchedCommands(
            new ReserveStockCommand(MUG, ORDER, 2), new ReserveStockCommand(TEA, ORDER, 3))
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.RESERVATION_DEADLINE);
  }

  @Test
  void waitsUntilEveryLineIsReserved() {
    fixture
        .givenAPublished(PLACED)
        .whenPublishingA(MUG_RESERVED)
        .expectNoDispatchedCommands()
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.RESERVATION_DEADLINE);
  }

  @Test
  void requestsPaymentOnceEveryLineIsReserved() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .whenPublishingA(TEA_RESERVED)
        .expectDispatchedCommands(new ProcessPaymentCommand(USER, ORDER, TOTAL))
        .expectNoScheduledDeadlineWithName(TIMEOUT, OrderSaga.RESERVATION_DEADLINE)
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.PAYMENT_DEADLINE);
  }

  @Test
  void ignoresRepeatedReservationOfTheSameLine() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .whenPublishingA(MUG_RESERVED)
        .expectNoDispatchedCommands();
  }

  @Test
  void completesOrderWhenPaymentIsApproved() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenPublishingA(approved())
        .expectDispatchedCommands(new CompleteOrderCommand(ORDER))
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.PAYMENT_DEADLINE)
        .expectActiveSagas(1);
  }

  @Test
  void endsWhenOrderIsCompleted() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .whenPublishingA(new OrderCompletedEvent(ORDER, USER, TOTAL))
        .expectNoDispatchedCommands()
        .expectNoScheduledDeadlines()
        .expectActiveSagas(0);
  }

  @Test
  void releasesOtherLinesAndCancelsWhenFirstLineIsRejected() {
    fixture
        .givenAPublished(PLACED)
        .whenPublishingA(
            new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 Blue Mug left"))
        .expectDispatchedCommands(
            new ReleaseStockCommand(TEA, ORDER, "Only 1 Blue Mug left"),
            new CancelOrderCommand(ORDER, "Only 1 Blue Mug left"))
        .expectActiveSagas(1);
  }

  @Test
  void releasesExactlyTheOtherLinesWhenLaterLineIsRejected() {
    OrderPlacedEvent threeLines =
        new OrderPlacedEvent(
            ORDER,
            USER,
            List.of(
                new OrderLine(MUG, "Blue Mug", 2, new BigDecimal("12.50")),
                new OrderLine(TEA, "Green Tea", 3, new BigDecimal("4.33")),
                new OrderLine(POT, "Tea Pot", 1, new BigDecimal("20.00"))),
            new BigDecimal("58.00"));
    fixture
        .givenAPublished(threeLines)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenPublishingA(new StockReservationRejectedEvent(POT, ORDER, 1, 0, "Tea Pot is sold out"))
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, "Tea Pot is sold out"),
            new ReleaseStockCommand(TEA, ORDER, "Tea Pot is sold out"),
            new CancelOrderCommand(ORDER, "Tea Pot is sold out"));
  }

  @Test
  void endsWithoutDeadlinesWhenOrderIsCancelled() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 left"))
        .andThenAPublished(new StockReleasedEvent(TEA, ORDER, 0, 1))
        .whenPublishingA(new OrderCancelledEvent(ORDER, USER, "Only 1 left"))
        .expectNoDispatchedCommands()
        .expectNoScheduledDeadlines()
        .expectActiveSagas(0);
  }

  @Test
  void ignoresReservationThatArrivesWhileCompensating() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 left"))
        .whenPublishingA(TEA_RESERVED)
        .expectNoDispatchedCommands();
  }

  @Test
  void releasesEveryLineAndCancelsWhenPaymentIsDeclined() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenPublishingA(
            new PaymentDeclinedEvent(USER, ORDER, TOTAL, "Your balance of 10.00 is too low"))
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, "Your balance of 10.00 is too low"),
            new ReleaseStockCommand(TEA, ORDER, "Your balance of 10.00 is too low"),
            new CancelOrderCommand(ORDER, "Your balance of 10.00 is too low"));
  }

  @Test
  void refundsPaymentApprovedAfterCompensationStarted() throws Exception {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenTimeElapses(PAST_TIMEOUT)
        .whenPublishingA(approved())
        .expectDispatchedCommands(
            new RefundPaymentCommand(USER, ORDER, OrderSaga.PAYMENT_TIMED_OUT));
  }

  @Test
  void releasesEveryLineAndCancelsWhenStockIsNotReservedInTime() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.RESERVATION_DEADLINE)
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, OrderSaga.RESERVATION_TIMED_OUT),
            new ReleaseStockCommand(TEA, ORDER, OrderSaga.RESERVATION_TIMED_OUT),
            new CancelOrderCommand(ORDER, OrderSaga.RESERVATION_TIMED_OUT))
        .expectScheduledDeadlineWithName(TIMEOUT.minusSeconds(1), OrderSaga.RESERVATION_DEADLINE);
  }

  @Test
  void releasesEveryLineRefundsAndCancelsWhenPaymentIsNotDoneInTime() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.PAYMENT_DEADLINE)
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, OrderSaga.PAYMENT_TIMED_OUT),
            new ReleaseStockCommand(TEA, ORDER, OrderSaga.PAYMENT_TIMED_OUT),
            new RefundPaymentCommand(USER, ORDER, OrderSaga.PAYMENT_TIMED_OUT),
            new CancelOrderCommand(ORDER, OrderSaga.PAYMENT_TIMED_OUT))
        .expectScheduledDeadlineWithName(TIMEOUT.minusSeconds(1), OrderSaga.PAYMENT_DEADLINE);
  }

  @Test
  void paymentDeadlineThatFiresAsThePaymentIsApprovedOnlySendsTheCompletionAgain() {
    DeadlinesThatFireDespiteCancellation.install(fixture, OrderSaga.PAYMENT_DEADLINE);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.PAYMENT_DEADLINE)
        .expectDispatchedCommands(new CompleteOrderCommand(ORDER))
        .expectScheduledDeadlineWithName(TIMEOUT.minusSeconds(1), OrderSaga.PAYMENT_DEADLINE)
        .expectActiveSagas(1);
  }

  @Test
  void reservationDeadlineThatFiresAsTheLastLineIsReservedUndoesNothing() {
    useSettings(new OrderProcessProperties(TIMEOUT, TIMEOUT.multipliedBy(2), RETRY));
    DeadlinesThatFireDespiteCancellation.install(fixture, OrderSaga.RESERVATION_DEADLINE);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.RESERVATION_DEADLINE)
        .expectNoDispatchedCommands()
        .expectScheduledDeadlineWithName(
            TIMEOUT.multipliedBy(2).minus(PAST_TIMEOUT), OrderSaga.PAYMENT_DEADLINE);
  }

  @Test
  void reservationDeadlineThatFiresAfterTheApprovalUndoesNothing() {
    useSettings(new OrderProcessProperties(TIMEOUT, TIMEOUT.multipliedBy(2), RETRY));
    DeadlinesThatFireDespiteCancellation.install(fixture, OrderSaga.RESERVATION_DEADLINE);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.RESERVATION_DEADLINE)
        .expectNoDispatchedCommands()
        .expectActiveSagas(1);
  }

  @Test
  void paymentDeadlineThatFiresAsThePaymentIsDeclinedSendsOnlyWhatIsUnconfirmed() {
    DeadlinesThatFireDespiteCancellation.install(fixture, OrderSaga.PAYMENT_DEADLINE);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(declined())
        .andThenAPublished(MUG_RELEASED)
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.PAYMENT_DEADLINE)
        .expectDispatchedCommands(
            new ReleaseStockCommand(TEA, ORDER, DECLINED), new CancelOrderCommand(ORDER, DECLINED));
  }

  @Test
  void sendsCompensationAgainWhenDeadlinePassesBeforeOrderIsCancelled() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 left"))
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.RESERVATION_DEADLINE)
        .expectDispatchedCommands(
            new ReleaseStockCommand(TEA, ORDER, "Only 1 left"),
            new CancelOrderCommand(ORDER, "Only 1 left"));
  }

  @Test
  void schedulesRetryInsteadOfFailingWhenReservationCannotBeDelivered() {
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve && reserve.productId().equals(TEA),
        new NoHandlerForCommandException("No node known to accept command"));
    fixture
        .givenNoPriorActivity()
        .whenPublishingA(PLACED)
        .expectDispatchedCommands(
            new ReserveStockCommand(MUG, ORDER, 2), new ReserveStockCommand(TEA, ORDER, 3))
        .expectScheduledDeadline(Duration.ofSeconds(1), new CommandRetry(ORDER, TEA, 2))
        .expectScheduledDeadlineWithName(Duration.ofSeconds(1), OrderSaga.RETRY_RESERVE)
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.RESERVATION_DEADLINE);
  }

  @Test
  void treatsRemoteFailureWithoutErrorCodeAsTransient() {
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve && reserve.productId().equals(MUG),
        new CommandExecutionException("Connection refused", null));
    fixture
        .givenNoPriorActivity()
        .whenPublishingA(PLACED)
        .expectDispatchedCommands(
            new ReserveStockCommand(MUG, ORDER, 2), new ReserveStockCommand(TEA, ORDER, 3))
        .expectScheduledDeadline(Duration.ofSeconds(1), new CommandRetry(ORDER, MUG, 2));
  }

  @Test
  void resendsReservationWhenRetryDeadlineFires() {
    AtomicInteger teaAttempts = new AtomicInteger();
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve
                && reserve.productId().equals(TEA)
                && teaAttempts.incrementAndGet() == 1,
        new NoHandlerForCommandException("No node known to accept command"));
    fixture
        .givenAPublished(PLACED)
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlinesWithName(OrderSaga.RETRY_RESERVE)
        .expectDispatchedCommands(new ReserveStockCommand(TEA, ORDER, 3))
        .expectNoScheduledDeadlineMatching(deadlineNamed(OrderSaga.RETRY_RESERVE))
        .expectScheduledDeadlineWithName(TIMEOUT.minusSeconds(1), OrderSaga.RESERVATION_DEADLINE);
  }

  @Test
  void backsOffExponentiallyUpToTheLongestWait() throws Exception {
    useSettings(
        new OrderProcessProperties(
            TIMEOUT,
            TIMEOUT,
            new OrderProcessProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(3))));
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve && reserve.productId().equals(TEA),
        new CommandDispatchException("An error occurred while trying to dispatch a command"));
    fixture
        .givenAPublished(PLACED)
        .andThenTimeElapses(Duration.ofSeconds(1))
        .whenTimeElapses(Duration.ofSeconds(2))
        .expectTriggeredDeadlines(new CommandRetry(ORDER, TEA, 2), new CommandRetry(ORDER, TEA, 3))
        .expectDispatchedCommands(new ReserveStockCommand(TEA, ORDER, 3))
        .expectScheduledDeadline(Duration.ofSeconds(3), new CommandRetry(ORDER, TEA, 4))
        .expectActiveSagas(1);
  }

  @Test
  void stopsRetryingReservationOnceTheLineIsReserved() {
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve && reserve.productId().equals(TEA),
        new NoHandlerForCommandException("No node known to accept command"));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(TEA_RESERVED)
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlinesWithName(OrderSaga.RETRY_RESERVE)
        .expectNoDispatchedCommands();
  }

  @Test
  void retriesPaymentWhenPaymentServiceIsUnreachable() {
    failWhen(
        command -> command instanceof ProcessPaymentCommand,
        new NoHandlerForCommandException("No node known to accept command"));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlinesWithName(OrderSaga.RETRY_PAYMENT)
        .expectDispatchedCommands(new ProcessPaymentCommand(USER, ORDER, TOTAL))
        .expectScheduledDeadline(Duration.ofSeconds(2), new CommandRetry(ORDER, null, 3))
        .expectScheduledDeadlineWithName(TIMEOUT.minusSeconds(1), OrderSaga.PAYMENT_DEADLINE);
  }

  @Test
  void stopsRetryingPaymentOnceItIsApproved() {
    failWhen(
        command -> command instanceof ProcessPaymentCommand,
        new NoHandlerForCommandException(UNREACHABLE));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenPublishingA(approved())
        .expectDispatchedCommands(new CompleteOrderCommand(ORDER))
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.PAYMENT_DEADLINE);
  }

  @Test
  void retriesCompletionWhileTheOrdersInstanceIsGoingAway() {
    // what the distributed command bus reports when the instance owning the order stops mid-call
    failWhen(
        command -> command instanceof CompleteOrderCommand,
        new CommandDispatchException("An exception occurred while dispatching a command"));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlinesWithName(OrderSaga.RETRY_COMPLETE)
        .expectDispatchedCommands(new CompleteOrderCommand(ORDER))
        .expectScheduledDeadline(Duration.ofSeconds(2), new CommandRetry(ORDER, null, 3))
        .expectActiveSagas(1);
  }

  @Test
  void completionRetryThatFiresAfterCompletionFindsNoSaga() {
    failFirst(command -> command instanceof CompleteOrderCommand);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .andThenAPublished(new OrderCompletedEvent(ORDER, USER, TOTAL))
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectNoDispatchedCommands()
        .expectActiveSagas(0);
  }

  @Test
  void paymentRetryThatFiresAfterApprovalDoesNothing() {
    failWhen(
        command -> command instanceof ProcessPaymentCommand,
        new NoHandlerForCommandException(UNREACHABLE));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlinesWithName(OrderSaga.RETRY_PAYMENT)
        .expectNoDispatchedCommands()
        .expectNoScheduledDeadlineMatching(deadlineNamed(OrderSaga.RETRY_PAYMENT))
        .expectActiveSagas(1);
  }

  @Test
  void compensatesWhenReservationStepTimesOutWhileRetrying() {
    useSettings(
        new OrderProcessProperties(
            TIMEOUT,
            TIMEOUT,
            new OrderProcessProperties.Retry(Duration.ofSeconds(20), 2, Duration.ofSeconds(20))));
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve && reserve.productId().equals(TEA),
        new NoHandlerForCommandException("No node known to accept command"));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.RETRY_RESERVE, OrderSaga.RESERVATION_DEADLINE)
        .expectDispatchedCommands(
            new ReserveStockCommand(TEA, ORDER, 3),
            new ReleaseStockCommand(MUG, ORDER, OrderSaga.RESERVATION_TIMED_OUT),
            new ReleaseStockCommand(TEA, ORDER, OrderSaga.RESERVATION_TIMED_OUT),
            new CancelOrderCommand(ORDER, OrderSaga.RESERVATION_TIMED_OUT))
        .expectScheduledDeadlineWithName(TIMEOUT.minusSeconds(1), OrderSaga.RESERVATION_DEADLINE);
  }

  @Test
  void reservationRetryThatFiresWhileCompensatingDoesNothing() throws Exception {
    useSettings(
        new OrderProcessProperties(
            TIMEOUT,
            TIMEOUT,
            new OrderProcessProperties.Retry(Duration.ofSeconds(20), 2, Duration.ofSeconds(20))));
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve && reserve.productId().equals(TEA),
        new NoHandlerForCommandException(UNREACHABLE));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenTimeElapses(PAST_TIMEOUT)
        .whenTimeElapses(Duration.ofSeconds(9))
        .expectTriggeredDeadlinesWithName(
            OrderSaga.RETRY_RESERVE, OrderSaga.RESERVATION_DEADLINE, OrderSaga.RETRY_RESERVE)
        .expectNoDispatchedCommands()
        .expectNoScheduledDeadlineMatching(deadlineNamed(OrderSaga.RETRY_RESERVE));
  }

  @Test
  void compensatesWhenPaymentStepTimesOutWhileRetrying() {
    useSettings(
        new OrderProcessProperties(
            TIMEOUT,
            TIMEOUT,
            new OrderProcessProperties.Retry(Duration.ofSeconds(20), 2, Duration.ofSeconds(20))));
    failWhen(
        command -> command instanceof ProcessPaymentCommand,
        new NoHandlerForCommandException("No node known to accept command"));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.RETRY_PAYMENT, OrderSaga.PAYMENT_DEADLINE)
        .expectDispatchedCommands(
            new ProcessPaymentCommand(USER, ORDER, TOTAL),
            new ReleaseStockCommand(MUG, ORDER, OrderSaga.PAYMENT_TIMED_OUT),
            new ReleaseStockCommand(TEA, ORDER, OrderSaga.PAYMENT_TIMED_OUT),
            new RefundPaymentCommand(USER, ORDER, OrderSaga.PAYMENT_TIMED_OUT),
            new CancelOrderCommand(ORDER, OrderSaga.PAYMENT_TIMED_OUT))
        .expectScheduledDeadlineWithName(TIMEOUT.minusSeconds(1), OrderSaga.PAYMENT_DEADLINE);
  }

  @Test
  void stopsRetryingReservationWhenAnotherLineIsRejected() {
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve && reserve.productId().equals(TEA),
        new NoHandlerForCommandException(UNREACHABLE));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 left"))
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlines(new CommandRetry(ORDER, TEA, 2))
        .expectNoDispatchedCommands()
        .expectNoScheduledDeadlineMatching(deadlineNamed(OrderSaga.RETRY_RESERVE));
  }

  @Test
  void recordsStepFailureAtOnceWhenProductIsUnknown() {
    failWhen(
        command ->
            command instanceof ReserveStockCommand reserve && reserve.productId().equals(TEA),
        new DomainRuleException(ErrorCode.PRODUCT_NOT_FOUND, "There is no product tea."));
    fixture
        .givenNoPriorActivity()
        .whenPublishingA(PLACED)
        .expectDispatchedCommands(
            new ReserveStockCommand(MUG, ORDER, 2),
            new ReserveStockCommand(TEA, ORDER, 3),
            new RecordStepFailureCommand(
                ORDER, OrderSaga.RESERVATION_STEP, "There is no product tea."))
        .expectNoScheduledDeadlineMatching(deadlineNamed(OrderSaga.RETRY_RESERVE));
  }

  @Test
  void recordsRefusalMessageWhenPaymentCommandIsRefused() {
    String refusal = "The amount to charge must be more than 0.00, but it is 0.00";
    fixture.setCallbackBehavior(
        (command, metaData) -> {
          if (command instanceof ProcessPaymentCommand) {
            throw new DomainRuleException(ErrorCode.VALIDATION_FAILED, refusal);
          }
          return null;
        });
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .whenPublishingA(TEA_RESERVED)
        .expectDispatchedCommands(
            new ProcessPaymentCommand(USER, ORDER, TOTAL),
            new RecordStepFailureCommand(ORDER, OrderSaga.PAYMENT_STEP, refusal))
        .expectNoScheduledDeadlineMatching(deadlineNamed(OrderSaga.RETRY_PAYMENT));
  }

  @Test
  void waitsForThePaymentAccountOfABrandNewBuyer() {
    failWhen(
        command -> command instanceof ProcessPaymentCommand,
        new DomainRuleException(
            ErrorCode.ACCOUNT_NOT_FOUND, "There is no payment account for user user-1"));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .whenPublishingA(TEA_RESERVED)
        .expectDispatchedCommands(new ProcessPaymentCommand(USER, ORDER, TOTAL))
        .expectScheduledDeadline(Duration.ofSeconds(1), new CommandRetry(ORDER, null, 2))
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.PAYMENT_DEADLINE);
  }

  @Test
  void chargesABrandNewBuyerOnceTheAccountIsOpened() {
    failFirst(
        command -> command instanceof ProcessPaymentCommand,
        new DomainRuleException(
            ErrorCode.ACCOUNT_NOT_FOUND, "There is no payment account for user user-1"));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlines(new CommandRetry(ORDER, null, 2))
        .expectDispatchedCommands(new ProcessPaymentCommand(USER, ORDER, TOTAL))
        .expectNoScheduledDeadlineMatching(deadlineNamed(OrderSaga.RETRY_PAYMENT));
  }

  @Test
  void refundsWhenAStepFailsAfterThePaymentWasRequested() {
    String reason = "Product mug is no longer sold";
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenPublishingA(new OrderStepFailedEvent(ORDER, OrderSaga.RESERVATION_STEP, reason))
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, reason),
            new ReleaseStockCommand(TEA, ORDER, reason),
            new RefundPaymentCommand(USER, ORDER, reason),
            new CancelOrderCommand(ORDER, reason));
  }

  @Test
  void releasesEveryLineAndCancelsWhenReservationFailedOutright() {
    String reason = "The product service could not be reached: no instance of it is available.";
    fixture
        .givenAPublished(PLACED)
        .whenPublishingA(new OrderStepFailedEvent(ORDER, OrderSaga.RESERVATION_STEP, reason))
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, reason),
            new ReleaseStockCommand(TEA, ORDER, reason),
            new CancelOrderCommand(ORDER, reason));
  }

  @Test
  void alsoRefundsWhenPaymentFailedOutright() {
    String reason = "The payment service could not be reached: no instance of it is available.";
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .whenPublishingA(new OrderStepFailedEvent(ORDER, OrderSaga.PAYMENT_STEP, reason))
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, reason),
            new ReleaseStockCommand(TEA, ORDER, reason),
            new RefundPaymentCommand(USER, ORDER, reason),
            new CancelOrderCommand(ORDER, reason));
  }

  @Test
  void refundsApprovedPaymentWhenCompletionFailedOutright() {
    String reason = "The order service could not be reached: the request failed.";
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .whenPublishingA(new OrderStepFailedEvent(ORDER, OrderSaga.COMPLETION_STEP, reason))
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, reason),
            new ReleaseStockCommand(TEA, ORDER, reason),
            new RefundPaymentCommand(USER, ORDER, reason),
            new CancelOrderCommand(ORDER, reason));
  }

  @Test
  void ignoresFurtherStepFailuresWhileCompensating() {
    String reason = "The product service could not be reached: no instance of it is available.";
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(new OrderStepFailedEvent(ORDER, OrderSaga.RESERVATION_STEP, reason))
        .whenPublishingA(new OrderStepFailedEvent(ORDER, OrderSaga.RESERVATION_STEP, reason))
        .expectNoDispatchedCommands();
  }

  @Test
  void keepsCompensatingWhenCompensationCannotBeDelivered() {
    failWhen(
        command -> command instanceof ReleaseStockCommand,
        new NoHandlerForCommandException("No node known to accept command"));
    fixture
        .givenAPublished(PLACED)
        .whenPublishingA(new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 left"))
        .expectDispatchedCommands(
            new ReleaseStockCommand(TEA, ORDER, "Only 1 left"),
            new CancelOrderCommand(ORDER, "Only 1 left"))
        .expectScheduledDeadline(Duration.ofSeconds(1), new CommandRetry(ORDER, TEA, 2))
        .expectScheduledDeadlineWithName(Duration.ofSeconds(1), OrderSaga.RETRY_RELEASE)
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.RESERVATION_DEADLINE);
  }

  @Test
  void resendsCompensationThatFailedTransiently() throws Exception {
    failWhen(
        command -> command instanceof RefundPaymentCommand || command instanceof CancelOrderCommand,
        new CommandDispatchException("An error occurred while trying to dispatch a command"));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenTimeElapses(TIMEOUT)
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlinesWithName(
            OrderSaga.PAYMENT_DEADLINE, OrderSaga.RETRY_REFUND, OrderSaga.RETRY_CANCEL)
        .expectDispatchedCommands(
            new RefundPaymentCommand(USER, ORDER, OrderSaga.PAYMENT_TIMED_OUT),
            new CancelOrderCommand(ORDER, OrderSaga.PAYMENT_TIMED_OUT))
        .expectScheduledDeadlineWithName(Duration.ofSeconds(2), OrderSaga.RETRY_REFUND)
        .expectScheduledDeadlineWithName(Duration.ofSeconds(2), OrderSaga.RETRY_CANCEL);
  }

  @Test
  void keepsRetryingACompensationPastEveryBackoff() throws Exception {
    failWhen(
        command -> command instanceof ReleaseStockCommand,
        new NoHandlerForCommandException(UNREACHABLE));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 left"))
        // attempts 2 to 5, after 1, 2, 4 and 8 seconds
        .andThenTimeElapses(Duration.ofSeconds(15))
        .whenTimeElapses(Duration.ofSeconds(10))
        .expectTriggeredDeadlines(
            new CommandRetry(ORDER, TEA, 2),
            new CommandRetry(ORDER, TEA, 3),
            new CommandRetry(ORDER, TEA, 4),
            new CommandRetry(ORDER, TEA, 5),
            new CommandRetry(ORDER, TEA, 6))
        .expectDispatchedCommands(new ReleaseStockCommand(TEA, ORDER, "Only 1 left"))
        .expectScheduledDeadline(Duration.ofSeconds(10), new CommandRetry(ORDER, TEA, 7))
        .expectActiveSagas(1);
  }

  @Test
  void doesNotRetryRefusedCompensation() {
    failWhen(
        command -> command instanceof ReleaseStockCommand,
        new DomainRuleException(ErrorCode.PRODUCT_NOT_FOUND, "There is no product tea."));
    fixture
        .givenAPublished(PLACED)
        .whenPublishingA(new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 left"))
        .expectDispatchedCommands(
            new ReleaseStockCommand(TEA, ORDER, "Only 1 left"),
            new CancelOrderCommand(ORDER, "Only 1 left"))
        .expectNoScheduledDeadlineMatching(deadlineNamed(OrderSaga.RETRY_RELEASE));
  }

  @Test
  void keepsRetryingReleaseAfterOrderIsCancelled() {
    failFirst(
        command ->
            command instanceof ReleaseStockCommand release && release.productId().equals(TEA));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(declined())
        .andThenAPublished(MUG_RELEASED)
        .andThenAPublished(new OrderCancelledEvent(ORDER, USER, DECLINED))
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlines(new CommandRetry(ORDER, TEA, 2))
        .expectDispatchedCommands(new ReleaseStockCommand(TEA, ORDER, DECLINED))
        .expectActiveSagas(1);
  }

  @Test
  void endsOnlyOnceEveryReleaseIsConfirmed() throws Exception {
    failFirst(
        command ->
            command instanceof ReleaseStockCommand release && release.productId().equals(TEA));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(declined())
        .andThenAPublished(MUG_RELEASED)
        .andThenAPublished(new OrderCancelledEvent(ORDER, USER, DECLINED))
        .andThenTimeElapses(Duration.ofSeconds(1))
        .whenPublishingA(TEA_RELEASED)
        .expectNoDispatchedCommands()
        .expectNoScheduledDeadlines()
        .expectActiveSagas(0);
  }

  @Test
  void staysActiveAfterCancellationWhileAReleaseIsUnconfirmed() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(declined())
        .andThenAPublished(MUG_RELEASED)
        .whenPublishingA(new OrderCancelledEvent(ORDER, USER, DECLINED))
        .expectNoDispatchedCommands()
        .expectScheduledDeadlineWithName(TIMEOUT, OrderSaga.PAYMENT_DEADLINE)
        .expectActiveSagas(1);
  }

  @Test
  void keepsRetryingRefundAfterOrderIsCancelled() {
    String reason = "The order service could not be reached: the request failed.";
    failFirst(command -> command instanceof RefundPaymentCommand);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .andThenAPublished(new OrderStepFailedEvent(ORDER, OrderSaga.COMPLETION_STEP, reason))
        .andThenAPublished(MUG_RELEASED)
        .andThenAPublished(TEA_RELEASED)
        .andThenAPublished(new OrderCancelledEvent(ORDER, USER, reason))
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlines(new CommandRetry(ORDER, null, 2))
        .expectDispatchedCommands(new RefundPaymentCommand(USER, ORDER, reason))
        .expectActiveSagas(1);
  }

  @Test
  void endsOnlyOnceTheRefundIsConfirmed() throws Exception {
    String reason = "The order service could not be reached: the request failed.";
    failFirst(command -> command instanceof RefundPaymentCommand);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(approved())
        .andThenAPublished(new OrderStepFailedEvent(ORDER, OrderSaga.COMPLETION_STEP, reason))
        .andThenAPublished(MUG_RELEASED)
        .andThenAPublished(TEA_RELEASED)
        .andThenAPublished(new OrderCancelledEvent(ORDER, USER, reason))
        .andThenTimeElapses(Duration.ofSeconds(1))
        .whenPublishingA(refunded(TOTAL))
        .expectNoDispatchedCommands()
        .expectNoScheduledDeadlines()
        .expectActiveSagas(0);
  }

  @Test
  void waitsForRefundOfPaymentApprovedAfterCompensationStarted() throws Exception {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(declined())
        .andThenAPublished(approved())
        .andThenAPublished(MUG_RELEASED)
        .andThenAPublished(TEA_RELEASED)
        .whenPublishingA(new OrderCancelledEvent(ORDER, USER, DECLINED))
        .expectNoDispatchedCommands()
        .expectActiveSagas(1);
  }

  @Test
  void keepsRetryingAReleaseWhileTheProductServiceIsAwayForMinutes() throws Exception {
    // one chain of retries at the longest wait: the step deadline's resends start no other
    afterFiveMinutesWithoutProductService()
        .whenTimeElapses(Duration.ofSeconds(10))
        .expectDispatchedCommands(
            new ReleaseStockCommand(MUG, ORDER, DECLINED),
            new ReleaseStockCommand(TEA, ORDER, DECLINED))
        .expectActiveSagas(1);
  }

  @Test
  void endsOnceTheReleasesOfALongOutageAreConfirmed() throws Exception {
    afterFiveMinutesWithoutProductService()
        .andThenTimeElapses(Duration.ofSeconds(10))
        .andThenAPublished(MUG_RELEASED)
        .whenPublishingA(TEA_RELEASED)
        .expectNoDispatchedCommands()
        .expectNoScheduledDeadlines()
        .expectActiveSagas(0);
  }

  /**
   * A declined payment's releases, sent while the product service is away for five minutes; it is
   * back from then on.
   */
  private ContinuedGivenState afterFiveMinutesWithoutProductService() throws Exception {
    AtomicBoolean productDown = new AtomicBoolean(true);
    failWhen(
        command -> productDown.get() && command instanceof ReleaseStockCommand,
        new NoHandlerForCommandException(UNREACHABLE));
    ContinuedGivenState fiveMinutesLater =
        fixture
            .givenAPublished(PLACED)
            .andThenAPublished(MUG_RESERVED)
            .andThenAPublished(TEA_RESERVED)
            .andThenAPublished(declined())
            .andThenAPublished(new OrderCancelledEvent(ORDER, USER, DECLINED))
            .andThenTimeElapses(Duration.ofMinutes(5));
    productDown.set(false);
    return fiveMinutesLater;
  }

  @Test
  void staysWhileTheRefundIsUnconfirmedAfterEverythingElseIs() throws Exception {
    failWhen(
        command -> command instanceof RefundPaymentCommand,
        new NoHandlerForCommandException(UNREACHABLE));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenTimeElapses(PAST_TIMEOUT)
        .andThenAPublished(MUG_RELEASED)
        .andThenAPublished(TEA_RELEASED)
        .andThenTimeElapses(Duration.ofMinutes(3))
        .whenPublishingA(new OrderCancelledEvent(ORDER, USER, OrderSaga.PAYMENT_TIMED_OUT))
        .expectNoDispatchedCommands()
        .expectScheduledDeadlineWithName(Duration.ofSeconds(4), OrderSaga.RETRY_REFUND)
        .expectActiveSagas(1);
  }

  @Test
  void givesUpAtOnceOnARefusedCompensation() {
    failWhen(
        command -> command instanceof ReleaseStockCommand,
        new DomainRuleException(ErrorCode.PRODUCT_NOT_FOUND, "There is no product tea."));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(new StockReservationRejectedEvent(MUG, ORDER, 2, 1, "Only 1 left"))
        .andThenAPublished(new OrderCancelledEvent(ORDER, USER, "Only 1 left"))
        .whenTimeElapses(Duration.ZERO)
        .expectTriggeredDeadlines(
            new AbandonedCompensation(
                ORDER, OrderSaga.RETRY_RELEASE, TEA, "PRODUCT_NOT_FOUND: There is no product tea."))
        .expectNoDispatchedCommands()
        .expectActiveSagas(0);
  }

  @Test
  void releaseRetryThatFiresAfterTheReleaseIsConfirmedDoesNothing() {
    failFirst(
        command ->
            command instanceof ReleaseStockCommand release && release.productId().equals(TEA));
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(declined())
        .andThenAPublished(TEA_RELEASED)
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlines(new CommandRetry(ORDER, TEA, 2))
        .expectNoDispatchedCommands()
        .expectActiveSagas(1);
  }

  @Test
  void refundRetryThatFiresAfterTheRefundIsConfirmedDoesNothing() throws Exception {
    failFirst(command -> command instanceof RefundPaymentCommand);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenTimeElapses(TIMEOUT)
        .andThenAPublished(refunded(BigDecimal.ZERO))
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlinesWithName(OrderSaga.PAYMENT_DEADLINE, OrderSaga.RETRY_REFUND)
        .expectNoDispatchedCommands()
        .expectActiveSagas(1);
  }

  @Test
  void cancellationRetryThatFiresAfterTheOrderIsCancelledDoesNothing() {
    failFirst(command -> command instanceof CancelOrderCommand);
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(declined())
        .andThenAPublished(new OrderCancelledEvent(ORDER, USER, DECLINED))
        .whenTimeElapses(Duration.ofSeconds(1))
        .expectTriggeredDeadlinesWithName(OrderSaga.RETRY_CANCEL)
        .expectNoDispatchedCommands()
        .expectActiveSagas(1);
  }

  @Test
  void stepDeadlineWhileCompensatingResendsOnlyWhatIsUnconfirmed() {
    fixture
        .givenAPublished(PLACED)
        .andThenAPublished(MUG_RESERVED)
        .andThenAPublished(TEA_RESERVED)
        .andThenAPublished(declined())
        .andThenAPublished(MUG_RELEASED)
        .andThenAPublished(new OrderCancelledEvent(ORDER, USER, DECLINED))
        .whenTimeElapses(PAST_TIMEOUT)
        .expectTriggeredDeadlinesWithName(OrderSaga.PAYMENT_DEADLINE)
        .expectDispatchedCommands(new ReleaseStockCommand(TEA, ORDER, DECLINED))
        .expectActiveSagas(1);
  }

  @Test
  void retryDeadlinePayloadSurvivesTheStoredForm() {
    Serializer serializer = AxonSerializers.jackson();
    for (CommandRetry retry :
        List.of(new CommandRetry(ORDER, TEA, 2), new CommandRetry(ORDER, null, 5))) {
      SerializedObject<byte[]> stored = serializer.serialize(retry, byte[].class);

      assertThat((Object) serializer.deserialize(stored)).isEqualTo(retry);
    }
    for (AbandonedCompensation abandoned :
        List.of(
            new AbandonedCompensation(ORDER, OrderSaga.RETRY_RELEASE, TEA, "refused"),
            new AbandonedCompensation(ORDER, OrderSaga.RETRY_REFUND, null, "unreachable"))) {
      SerializedObject<byte[]> stored = serializer.serialize(abandoned, byte[].class);

      assertThat((Object) serializer.deserialize(stored)).isEqualTo(abandoned);
    }
  }

  private void failWhen(Predicate<Object> fails, RuntimeException failure) {
    fixture.setCallbackBehavior(
        (command, metaData) -> {
          if (fails.test(command)) {
            throw failure;
          }
          return null;
        });
  }

  /** Fails the first matching command as if its service were down; later ones go through. */
  private void failFirst(Predicate<Object> fails) {
    failFirst(fails, new NoHandlerForCommandException(UNREACHABLE));
  }

  /** Fails the first matching command with {@code failure}; later ones go through. */
  private void failFirst(Predicate<Object> fails, RuntimeException failure) {
    AtomicInteger failed = new AtomicInteger();
    failWhen(command -> fails.test(command) && failed.getAndIncrement() == 0, failure);
  }

  private static Matcher<DeadlineMessage<?>> deadlineNamed(String name) {
    return new FeatureMatcher<DeadlineMessage<?>, String>(equalTo(name), "deadline named", "name") {
      @Override
      protected String featureValueOf(DeadlineMessage<?> deadline) {
        return deadline.getDeadlineName();
      }
    };
  }

  private static PaymentApprovedEvent approved() {
    return new PaymentApprovedEvent(USER, ORDER, TOTAL, new BigDecimal("62.00"));
  }

  private static PaymentDeclinedEvent declined() {
    return new PaymentDeclinedEvent(USER, ORDER, TOTAL, DECLINED);
  }

  private static PaymentRefundedEvent refunded(BigDecimal amount) {
    return new PaymentRefundedEvent(USER, ORDER, amount, new BigDecimal("100.00"));
  }
}
