package org.sagashop.order.saga;

import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY;
import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.sagashop.coreapi.ErrorDetails;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.coreapi.payment.command.ProcessPaymentCommand;
import org.sagashop.coreapi.payment.command.RefundPaymentCommand;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.product.command.ReleaseStockCommand;
import org.sagashop.coreapi.product.command.ReserveStockCommand;
import org.sagashop.coreapi.product.event.StockReservationRejectedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;
import org.sagashop.order.command.CancelOrderCommand;
import org.sagashop.order.command.CompleteOrderCommand;
import org.sagashop.order.command.OrderStepFailedEvent;
import org.sagashop.order.command.RecordStepFailureCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The order process: reserve stock for every line, then charge the buyer, then complete the order;
 * on any refusal, failure or missed deadline, give back what was taken and cancel the order.
 *
 * <p>Every command is sent without blocking the event-processing thread. A business refusal (a
 * failure carrying {@link ErrorDetails} with an error code) is final: for a forward step it is
 * recorded on the order as an {@link OrderStepFailedEvent}, so the saga reacts to it from its own
 * event stream like to a refusal. Any other failure (no instance of the service available, the
 * remote call failed) is taken as transient: the command is sent again after an exponential
 * backoff, through a persistent retry deadline that names the command, so no thread waits and a
 * restart loses nothing. Forward retries stop when the step is over; the step's own deadline still
 * bounds it and cancels whatever retry is pending. Compensating commands are idempotent and are
 * retried the same way up to a configured number of attempts; besides, the step deadlines stay
 * scheduled until the order is closed, and one that fires while compensating sends the whole
 * compensation again.
 *
 * <p>Stored as JSON: every field is state, except the injected resources.
 */
@Saga
@JsonAutoDetect(fieldVisibility = ANY, getterVisibility = NONE, isGetterVisibility = NONE)
public class OrderSaga {

  public static final String ORDER_ID = "orderId";
  public static final String RESERVATION_DEADLINE = "stock-reservation";
  public static final String PAYMENT_DEADLINE = "payment";
  public static final String RETRY_RESERVE = "retry-reserve";
  public static final String RETRY_PAYMENT = "retry-payment";
  public static final String RETRY_RELEASE = "retry-release";
  public static final String RETRY_REFUND = "retry-refund";
  public static final String RETRY_CANCEL = "retry-cancel";
  public static final String RESERVATION_STEP = "stock-reservation";
  public static final String PAYMENT_STEP = "payment";
  public static final String COMPLETION_STEP = "completion";
  static final String RESERVATION_TIMED_OUT = "Stock could not be reserved in time";
  static final String PAYMENT_TIMED_OUT = "Payment did not complete in time";

  private static final List<String> FORWARD_RETRIES = List.of(RETRY_RESERVE, RETRY_PAYMENT);
  private static final List<String> COMPENSATION_RETRIES =
      List.of(RETRY_RELEASE, RETRY_REFUND, RETRY_CANCEL);

  private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

  @JsonIgnore @Autowired private transient CommandGateway commandGateway;
  @JsonIgnore @Autowired private transient DeadlineManager deadlineManager;
  @JsonIgnore @Autowired private transient OrderProcessProperties settings;

  private String orderId;
  private String userId;
  private BigDecimal total;
  private Map<String, Integer> quantities = new LinkedHashMap<>();
  private Set<String> reserved = new LinkedHashSet<>();
  private String reservationDeadlineId;
  private String paymentDeadlineId;
  private boolean paymentApproved;
  private Compensation compensation;

  /**
   * What the saga decided to give back, kept so that it can be sent again unchanged.
   *
   * @param reason why the order is cancelled, for the buyer to read
   * @param refusedProductId the product that refused its reservation, which holds nothing to
   *     release
   * @param refund whether the payment must be refunded
   */
  record Compensation(String reason, String refusedProductId, boolean refund) {}

  @StartSaga
  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(OrderPlacedEvent event) {
    orderId = event.orderId();
    userId = event.userId();
    total = event.total();
    for (OrderLine line : event.lines()) {
      quantities.merge(line.productId(), line.quantity(), Integer::sum);
    }
    reservationDeadlineId =
        deadlineManager.schedule(settings.reservationTimeout(), RESERVATION_DEADLINE, orderId);
    quantities.keySet().forEach(productId -> reserve(CommandRetry.first(orderId, productId)));
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(StockReservedEvent event) {
    if (compensation != null
        || !quantities.containsKey(event.productId())
        || !reserved.add(event.productId())
        || reserved.size() < quantities.size()) {
      return;
    }
    cancelDeadline(RESERVATION_DEADLINE, reservationDeadlineId);
    reservationDeadlineId = null;
    deadlineManager.cancelAllWithinScope(RETRY_RESERVE);
    paymentDeadlineId =
        deadlineManager.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE, orderId);
    pay(CommandRetry.first(orderId, null));
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(StockReservationRejectedEvent event) {
    if (compensation == null) {
      compensate(new Compensation(event.reason(), event.productId(), false));
    }
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(PaymentApprovedEvent event) {
    if (compensation != null) {
      // the charge went through after the order was given up: give the money back
      compensation = new Compensation(compensation.reason(), compensation.refusedProductId(), true);
      refund(CommandRetry.first(orderId, null));
      return;
    }
    paymentApproved = true;
    cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
    paymentDeadlineId = null;
    deadlineManager.cancelAllWithinScope(RETRY_PAYMENT);
    dispatch(new CompleteOrderCommand(orderId), COMPLETION_STEP, "order");
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(PaymentDeclinedEvent event) {
    if (compensation == null) {
      compensate(new Compensation(event.reason(), null, false));
    }
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(OrderStepFailedEvent event) {
    if (compensation == null) {
      boolean refund = paymentApproved || PAYMENT_STEP.equals(event.step());
      compensate(new Compensation(event.reason(), null, refund));
    }
  }

  @DeadlineHandler(deadlineName = RESERVATION_DEADLINE)
  public void reservationTimedOut() {
    reservationDeadlineId = null;
    if (compensation != null) {
      resendCompensation();
      return;
    }
    log.warn("Order {}: stock was not reserved in time", orderId);
    compensate(new Compensation(RESERVATION_TIMED_OUT, null, false));
  }

  @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
  public void paymentTimedOut() {
    paymentDeadlineId = null;
    if (compensation != null) {
      resendCompensation();
      return;
    }
    log.warn("Order {}: payment did not complete in time", orderId);
    // a charge arriving after the refund is declined: the refund closes the order at the account
    compensate(new Compensation(PAYMENT_TIMED_OUT, null, true));
  }

  @DeadlineHandler(deadlineName = RETRY_RESERVE)
  public void retryReservation(CommandRetry retry) {
    // a retry scheduled just before the step ended may still fire
    if (compensation == null
        && quantities.containsKey(retry.productId())
        && !reserved.contains(retry.productId())) {
      reserve(retry);
    }
  }

  @DeadlineHandler(deadlineName = RETRY_PAYMENT)
  public void retryPayment(CommandRetry retry) {
    if (compensation == null && paymentDeadlineId != null) {
      pay(retry);
    }
  }

  @DeadlineHandler(deadlineName = RETRY_RELEASE)
  public void retryRelease(CommandRetry retry) {
    if (compensation != null) {
      release(retry);
    }
  }

  @DeadlineHandler(deadlineName = RETRY_REFUND)
  public void retryRefund(CommandRetry retry) {
    if (compensation != null && compensation.refund()) {
      refund(retry);
    }
  }

  @DeadlineHandler(deadlineName = RETRY_CANCEL)
  public void retryCancel(CommandRetry retry) {
    if (compensation != null) {
      cancel(retry);
    }
  }

  @EndSaga
  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(OrderCompletedEvent event) {
    cancelDeadlines();
  }

  @EndSaga
  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(OrderCancelledEvent event) {
    cancelDeadlines();
  }

  private void compensate(Compensation decided) {
    compensation = decided;
    FORWARD_RETRIES.forEach(deadlineManager::cancelAllWithinScope);
    sendCompensation();
  }

  private void resendCompensation() {
    log.warn("Order {} is still not cancelled; sending its compensation again", orderId);
    COMPENSATION_RETRIES.forEach(deadlineManager::cancelAllWithinScope);
    sendCompensation();
  }

  private void sendCompensation() {
    quantities.keySet().stream()
        .filter(productId -> !productId.equals(compensation.refusedProductId()))
        .forEach(productId -> release(CommandRetry.first(orderId, productId)));
    if (compensation.refund()) {
      refund(CommandRetry.first(orderId, null));
    }
    cancel(CommandRetry.first(orderId, null));
  }

  private void reserve(CommandRetry attempt) {
    String productId = attempt.productId();
    dispatchRetrying(
        new ReserveStockCommand(productId, orderId, quantities.get(productId)),
        RESERVATION_STEP,
        "product",
        RETRY_RESERVE,
        attempt);
  }

  private void pay(CommandRetry attempt) {
    dispatchRetrying(
        new ProcessPaymentCommand(userId, orderId, total),
        PAYMENT_STEP,
        "payment",
        RETRY_PAYMENT,
        attempt);
  }

  private void release(CommandRetry attempt) {
    dispatchCompensation(
        new ReleaseStockCommand(attempt.productId(), orderId, compensation.reason()),
        RETRY_RELEASE,
        attempt);
  }

  private void refund(CommandRetry attempt) {
    dispatchCompensation(
        new RefundPaymentCommand(userId, orderId, compensation.reason()), RETRY_REFUND, attempt);
  }

  private void cancel(CommandRetry attempt) {
    dispatchCompensation(
        new CancelOrderCommand(orderId, compensation.reason()), RETRY_CANCEL, attempt);
  }

  /**
   * Sends a forward command of a step: a refusal fails the step, any other failure schedules the
   * next attempt. The callback may run on another thread after this saga's state was stored, so it
   * touches no field and schedules in the scope captured here.
   */
  private void dispatchRetrying(
      Object command, String step, String service, String retryDeadline, CommandRetry attempt) {
    String order = orderId;
    CommandGateway gateway = commandGateway;
    DeadlineManager deadlines = deadlineManager;
    ScopeDescriptor scope = Scope.describeCurrentScope();
    Duration backoff = settings.retry().backoffAfter(attempt.attempt());
    gateway
        .send(command)
        .whenComplete(
            (result, failure) -> {
              if (failure == null) {
                return;
              }
              if (isRefusal(failure)) {
                log.warn(
                    "Order {}: {} was refused: {}",
                    order,
                    command.getClass().getSimpleName(),
                    describe(failure));
                recordStepFailure(gateway, order, step, reasonFor(service, failure));
                return;
              }
              log.warn(
                  "Order {}: attempt {} of {} failed ({}); trying again in {}",
                  order,
                  attempt.attempt(),
                  command.getClass().getSimpleName(),
                  describe(failure),
                  backoff);
              scheduleRetry(deadlines, scope, order, retryDeadline, backoff, attempt.next());
            });
  }

  /** Sends a command whose every failure fails the step at once. */
  private void dispatch(Object command, String step, String service) {
    String order = orderId;
    CommandGateway gateway = commandGateway;
    gateway
        .send(command)
        .whenComplete(
            (result, failure) -> {
              if (failure == null) {
                return;
              }
              log.warn(
                  "Order {}: {} failed outright: {}",
                  order,
                  command.getClass().getSimpleName(),
                  describe(failure));
              recordStepFailure(gateway, order, step, reasonFor(service, failure));
            });
  }

  private void dispatchCompensation(Object command, String retryDeadline, CommandRetry attempt) {
    String order = orderId;
    DeadlineManager deadlines = deadlineManager;
    ScopeDescriptor scope = Scope.describeCurrentScope();
    OrderProcessProperties.Retry retry = settings.retry();
    commandGateway
        .send(command)
        .whenComplete(
            (result, failure) -> {
              if (failure == null) {
                return;
              }
              String name = command.getClass().getSimpleName();
              if (isRefusal(failure)) {
                log.warn(
                    "Order {}: compensating {} was refused: {}", order, name, describe(failure));
              } else if (attempt.attempt() >= retry.maxCompensationAttempts()) {
                log.error(
                    "Order {}: giving up on compensating {} after {} attempts; the last failed: {}",
                    order,
                    name,
                    attempt.attempt(),
                    describe(failure));
              } else {
                Duration backoff = retry.backoffAfter(attempt.attempt());
                log.warn(
                    "Order {}: attempt {} of compensating {} failed ({}); trying again in {}",
                    order,
                    attempt.attempt(),
                    name,
                    describe(failure),
                    backoff);
                scheduleRetry(deadlines, scope, order, retryDeadline, backoff, attempt.next());
              }
            });
  }

  private void recordStepFailure(CommandGateway gateway, String order, String step, String reason) {
    gateway
        .send(new RecordStepFailureCommand(order, step, reason))
        .whenComplete(
            (recorded, notRecorded) -> {
              if (notRecorded != null) {
                log.warn(
                    "Order {}: the failure of step {} could not be recorded: {}",
                    order,
                    step,
                    describe(notRecorded));
              }
            });
  }

  private static void scheduleRetry(
      DeadlineManager deadlines,
      ScopeDescriptor scope,
      String order,
      String retryDeadline,
      Duration backoff,
      CommandRetry next) {
    try {
      deadlines.schedule(backoff, retryDeadline, next, scope);
    } catch (RuntimeException notScheduled) {
      // the step deadlines still bound the order, and a step deadline while compensating resends
      log.warn(
          "Order {}: retry {} could not be scheduled: {}",
          order,
          retryDeadline,
          describe(notScheduled));
    }
  }

  private void cancelDeadlines() {
    cancelDeadline(RESERVATION_DEADLINE, reservationDeadlineId);
    cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
    reservationDeadlineId = null;
    paymentDeadlineId = null;
    FORWARD_RETRIES.forEach(deadlineManager::cancelAllWithinScope);
    COMPENSATION_RETRIES.forEach(deadlineManager::cancelAllWithinScope);
  }

  private void cancelDeadline(String name, String scheduleId) {
    if (scheduleId != null) {
      deadlineManager.cancelSchedule(name, scheduleId);
    }
  }

  /**
   * Whether the receiving service refused the command for a business rule: trying again is futile.
   */
  static boolean isRefusal(Throwable failure) {
    return unwrap(failure) instanceof CommandExecutionException refused
        && refused.getDetails().orElse(null) instanceof ErrorDetails details
        && details.code() != null;
  }

  /** A reason the buyer can read: a refusal's own message, or which service was unreachable. */
  static String reasonFor(String service, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof CommandExecutionException refused
        && refused.getDetails().orElse(null) instanceof ErrorDetails details) {
      return details.message();
    }
    if (cause instanceof NoHandlerForCommandException) {
      return "The " + service + " service could not be reached: no instance of it is available.";
    }
    return "The " + service + " service could not be reached: the request failed.";
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String describe(Throwable failure) {
    Throwable cause = unwrap(failure);
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
