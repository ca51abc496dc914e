package org.sagashop.order.saga;

import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY;
import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
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
import org.axonframework.modelling.saga.SagaLifecycle;
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
 * restart loses nothing. Forward retries stop when the step is over, and the step's own deadline
 * bounds them; completion, once the payment is approved, has no deadline and is retried until the
 * order service confirms it. Compensating commands are idempotent and are retried the same way up
 * to a configured number of attempts; besides, the step deadlines stay scheduled until the saga
 * ends, and one that fires while compensating sends every unconfirmed compensation again.
 *
 * <p>The order is cancelled at once when compensating, but the saga lives on until each release and
 * the refund it sent is confirmed by its event ({@link StockReleasedEvent}, {@link
 * PaymentRefundedEvent}) and the order is cancelled, so that no pending retry is dropped. A
 * compensating command that was refused or failed its last attempt is given up on: the saga logs it
 * as an error, stops waiting for it, and ends once everything else is settled.
 *
 * <p>Retry deadlines are never cancelled: a retry scheduled from a command's callback has a
 * schedule id the saga never learns, and cancelling a whole group races with its jobs firing. A
 * retry that fires after its step is over, or after the saga ended, does nothing. Step deadlines
 * are cancelled by the schedule id the saga keeps.
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
  public static final String RETRY_COMPLETE = "retry-complete";
  public static final String RETRY_RELEASE = "retry-release";
  public static final String RETRY_REFUND = "retry-refund";
  public static final String RETRY_CANCEL = "retry-cancel";
  public static final String COMPENSATION_ABANDONED = "compensation-abandoned";
  public static final String RESERVATION_STEP = "stock-reservation";
  public static final String PAYMENT_STEP = "payment";
  public static final String COMPLETION_STEP = "completion";
  static final String RESERVATION_TIMED_OUT = "Stock could not be reserved in time";
  static final String PAYMENT_TIMED_OUT = "Payment did not complete in time";

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
  // what the compensation still waits for: neither confirmed by its event nor given up on
  private Set<String> unreleased = new LinkedHashSet<>();
  private boolean refundAwaited;
  private boolean cancellationAwaited;
  // the compensating commands given up on, with why, for the log when the saga ends
  private List<String> abandoned = new ArrayList<>();

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
      if (!compensation.refund()) {
        compensation =
            new Compensation(compensation.reason(), compensation.refusedProductId(), true);
        refundAwaited = true;
      }
      if (refundAwaited) {
        refund(CommandRetry.first(orderId, null));
      }
      return;
    }
    paymentApproved = true;
    cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
    paymentDeadlineId = null;
    complete(CommandRetry.first(orderId, null));
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

  /**
   * Completion has no deadline: the order is paid for, and only its own service must record that. A
   * transient failure (the instance that holds the order is stopping, or gone and not yet known to
   * be) is retried until the completion is confirmed; the saga ends with {@link
   * OrderCompletedEvent}, and a retry that fires after that finds no saga.
   */
  @DeadlineHandler(deadlineName = RETRY_COMPLETE)
  public void retryCompletion(CommandRetry retry) {
    if (compensation == null && paymentApproved) {
      complete(retry);
    }
  }

  @DeadlineHandler(deadlineName = RETRY_RELEASE)
  public void retryRelease(CommandRetry retry) {
    // a release already confirmed or given up on is not sent again
    if (unreleased.contains(retry.productId())) {
      release(retry);
    }
  }

  @DeadlineHandler(deadlineName = RETRY_REFUND)
  public void retryRefund(CommandRetry retry) {
    if (refundAwaited) {
      refund(retry);
    }
  }

  @DeadlineHandler(deadlineName = RETRY_CANCEL)
  public void retryCancel(CommandRetry retry) {
    if (cancellationAwaited) {
      cancel(retry);
    }
  }

  /** A compensating command was refused or failed its last attempt: stop waiting for it. */
  @DeadlineHandler(deadlineName = COMPENSATION_ABANDONED)
  public void compensationAbandoned(AbandonedCompensation given) {
    // confirmed in the meantime, or already given up on by another round of retries
    if (!stopAwaiting(given)) {
      return;
    }
    String command =
        given.productId() == null
            ? given.retryDeadline()
            : given.retryDeadline() + " of " + given.productId();
    abandoned.add(command + ": " + given.failure());
    endWhenSettled();
  }

  private boolean stopAwaiting(AbandonedCompensation given) {
    return switch (given.retryDeadline()) {
      case RETRY_RELEASE -> unreleased.remove(given.productId());
      case RETRY_REFUND -> {
        boolean awaited = refundAwaited;
        refundAwaited = false;
        yield awaited;
      }
      case RETRY_CANCEL -> {
        boolean awaited = cancellationAwaited;
        cancellationAwaited = false;
        yield awaited;
      }
      default -> false;
    };
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(StockReleasedEvent event) {
    if (unreleased.remove(event.productId())) {
      endWhenSettled();
    }
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(PaymentRefundedEvent event) {
    if (refundAwaited) {
      refundAwaited = false;
      endWhenSettled();
    }
  }

  @EndSaga
  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(OrderCompletedEvent event) {
    cancelStepDeadlines();
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(OrderCancelledEvent event) {
    cancellationAwaited = false;
    endWhenSettled();
  }

  private void compensate(Compensation decided) {
    compensation = decided;
    quantities.keySet().stream()
        .filter(productId -> !productId.equals(decided.refusedProductId()))
        .forEach(unreleased::add);
    refundAwaited = decided.refund();
    cancellationAwaited = true;
    sendCompensation();
  }

  private void resendCompensation() {
    log.warn(
        "Order {}: its compensation is still not confirmed; sending what is missing again",
        orderId);
    sendCompensation();
  }

  /** Sends every compensating command whose effect is not confirmed yet. */
  private void sendCompensation() {
    unreleased.forEach(productId -> release(CommandRetry.first(orderId, productId)));
    if (refundAwaited) {
      refund(CommandRetry.first(orderId, null));
    }
    if (cancellationAwaited) {
      cancel(CommandRetry.first(orderId, null));
    }
  }

  /**
   * Ends the saga once the order is cancelled and every release and refund is confirmed or given up
   * on; before that, a pending retry must still find the saga.
   */
  private void endWhenSettled() {
    if (cancellationAwaited || refundAwaited || !unreleased.isEmpty()) {
      return;
    }
    if (!abandoned.isEmpty()) {
      log.error(
          "Order {}: ending its process although compensation was given up on: {}",
          orderId,
          abandoned);
    }
    cancelStepDeadlines();
    SagaLifecycle.end();
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

  private void complete(CommandRetry attempt) {
    dispatchRetrying(
        new CompleteOrderCommand(orderId), COMPLETION_STEP, "order", RETRY_COMPLETE, attempt);
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

  /**
   * Sends a compensating command: a transient failure schedules the next attempt, up to the last
   * one; a refusal or a failed last attempt is reported back through the {@link
   * #COMPENSATION_ABANDONED} deadline, so the saga stops waiting for its confirmation.
   */
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
              if (isRefusal(failure) || attempt.attempt() >= retry.maxCompensationAttempts()) {
                log.error(
                    "Order {}: giving up on compensating {} after {} attempt(s); the last failed:"
                        + " {}",
                    order,
                    name,
                    attempt.attempt(),
                    describe(failure));
                scheduleRetry(
                    deadlines,
                    scope,
                    order,
                    COMPENSATION_ABANDONED,
                    Duration.ZERO,
                    new AbandonedCompensation(
                        order, retryDeadline, attempt.productId(), describe(failure)));
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
      String deadlineName,
      Duration delay,
      Object payload) {
    try {
      deadlines.schedule(delay, deadlineName, payload, scope);
    } catch (RuntimeException notScheduled) {
      // the step deadlines still bound the order, and a step deadline while compensating resends
      log.warn(
          "Order {}: deadline {} could not be scheduled: {}",
          order,
          deadlineName,
          describe(notScheduled));
    }
  }

  private void cancelStepDeadlines() {
    cancelDeadline(RESERVATION_DEADLINE, reservationDeadlineId);
    cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
    reservationDeadlineId = null;
    paymentDeadlineId = null;
  }

  /** Cancelling a deadline that already fired finds nothing to delete, and is no failure. */
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
