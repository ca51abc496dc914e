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
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
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
import org.sagashop.order.saga.SagaCommandDispatcher.Retrying;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The order process: reserve stock for every line, then charge the buyer, then complete the order;
 * on any refusal or missed deadline, give back what was taken and cancel the order.
 *
 * <p>Commands are sent through a {@link SagaCommandDispatcher}: no thread waits for them, a
 * transient failure comes back as a retry deadline, and a refusal of a forward step is recorded on
 * the order as an {@link OrderStepFailedEvent}, to which the saga reacts like to any refusal.
 * Forward retries stop when their step is over; each step's deadline bounds them.
 *
 * <p>A step deadline may run after its step has ended (a deadline that is firing cannot be
 * cancelled, and it waits for the saga's lock while the saga handles the step's last event): it
 * then undoes nothing. Once the payment is approved the payment deadline stays scheduled as a
 * watchdog: each time it fires it sends what is still unconfirmed again (the completion, or every
 * compensation) and schedules itself anew. So nothing the saga waits for depends on one retry being
 * scheduled.
 *
 * <p>Compensation gives back exactly what may have been taken: every line not refused is released,
 * and once the payment was requested it is refunded (a refund of an order that was never charged
 * closes it at the account, so a late charge is declined). Compensating commands are retried with
 * back-off until they are confirmed by their events ({@link StockReleasedEvent}, {@link
 * PaymentRefundedEvent}, {@link OrderCancelledEvent}), however long their service is away; only a
 * refusal (there is nothing to give back there) ends the wait for one. The saga ends when the order
 * is cancelled and every release and the refund are confirmed.
 *
 * <p>Retry deadlines are never cancelled: a retry scheduled from a command's callback has a
 * schedule id the saga never learns. A retry that fires after its step is over, or after the saga
 * ended, does nothing. Step deadlines are cancelled by the schedule id the saga keeps.
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

  /** A brand-new buyer's account is opened a moment after sign-up: it is coming, not missing. */
  private static final Set<ErrorCode> PAYMENT_NOT_THERE_YET = Set.of(ErrorCode.ACCOUNT_NOT_FOUND);

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
  private boolean paymentRequested;
  private boolean paymentApproved;
  private Compensation compensation;
  // what the compensation still waits for: neither confirmed by its event nor refused
  private Set<String> unreleased = new LinkedHashSet<>();
  private boolean refundAwaited;
  private boolean cancellationAwaited;
  // the compensating commands refused, with why, for the log when the saga ends
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
        || !everyLineReserved()) {
      return;
    }
    cancelDeadline(RESERVATION_DEADLINE, reservationDeadlineId);
    reservationDeadlineId = null;
    paymentDeadlineId =
        deadlineManager.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE, orderId);
    paymentRequested = true;
    pay(CommandRetry.first(orderId, null));
  }

  @SagaEventHandler(associationProperty = ORDER_ID)
  public void on(StockReservationRejectedEvent event) {
    if (compensation == null) {
      compensate(new Compensation(event.reason(), event.productId(), paymentRequested));
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
    // the payment deadline stays: from now on it watches over the completion
    paymentApproved = true;
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
      compensate(new Compensation(event.reason(), null, paymentRequested));
    }
  }

  @DeadlineHandler(deadlineName = RESERVATION_DEADLINE)
  public void reservationTimedOut() {
    reservationDeadlineId = null;
    if (compensation != null) {
      resendCompensation();
    } else if (everyLineReserved()) {
      // fired as the last line was reserved: the payment step, with its own deadline, has begun
      return;
    } else {
      log.warn("Order {}: stock was not reserved in time", orderId);
      compensate(new Compensation(RESERVATION_TIMED_OUT, null, false));
    }
    reservationDeadlineId =
        deadlineManager.schedule(settings.reservationTimeout(), RESERVATION_DEADLINE, orderId);
  }

  @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
  public void paymentTimedOut() {
    paymentDeadlineId = null;
    if (compensation != null) {
      resendCompensation();
    } else if (paymentApproved) {
      // paid for: the order must complete, however late its service confirms it
      log.warn("Order {}: its completion is still not confirmed; sending it again", orderId);
      complete(null);
    } else {
      log.warn("Order {}: payment did not complete in time", orderId);
      // a charge arriving after the refund is declined: the refund closes the order at the account
      compensate(new Compensation(PAYMENT_TIMED_OUT, null, true));
    }
    paymentDeadlineId =
        deadlineManager.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE, orderId);
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
    if (compensation == null && !paymentApproved) {
      pay(retry);
    }
  }

  /**
   * Completion has no deadline of its own: the order is paid for, and only its own service must
   * record that. A transient failure (the instance that holds the order is stopping, or gone and
   * not yet known to be) is retried until the completion is confirmed; the saga ends with {@link
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
    // a release already confirmed or refused is not sent again
    if (unreleased.contains(retry.productId())) {
      release(retry.productId(), retry);
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

  /**
   * A compensating command was refused: its service holds nothing to give back for this order (no
   * such product, no such account). Stop waiting for it.
   */
  @DeadlineHandler(deadlineName = COMPENSATION_ABANDONED)
  public void compensationAbandoned(AbandonedCompensation given) {
    // confirmed in the meantime, or already refused once before
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

  private boolean everyLineReserved() {
    return reserved.size() == quantities.size();
  }

  private void compensate(Compensation decided) {
    compensation = decided;
    quantities.keySet().stream()
        .filter(productId -> !productId.equals(decided.refusedProductId()))
        .forEach(unreleased::add);
    refundAwaited = decided.refund();
    cancellationAwaited = true;
    unreleased.forEach(productId -> release(productId, CommandRetry.first(orderId, productId)));
    if (refundAwaited) {
      refund(CommandRetry.first(orderId, null));
    }
    cancel(CommandRetry.first(orderId, null));
  }

  /**
   * Sends every compensating command whose effect is not confirmed yet once more, without a chain
   * of retries of its own: the first send's chain still runs, and the deadline that calls this
   * fires again.
   */
  private void resendCompensation() {
    log.warn(
        "Order {}: its compensation is still not confirmed; sending what is missing again",
        orderId);
    unreleased.forEach(productId -> release(productId, null));
    if (refundAwaited) {
      refund(null);
    }
    if (cancellationAwaited) {
      cancel(null);
    }
  }

  /**
   * Ends the saga once the order is cancelled and every release and refund is confirmed or refused;
   * before that, a pending retry must still find the saga.
   */
  private void endWhenSettled() {
    if (cancellationAwaited || refundAwaited || !unreleased.isEmpty()) {
      return;
    }
    if (!abandoned.isEmpty()) {
      log.error(
          "Order {}: ending its process although compensating commands were refused: {}",
          orderId,
          abandoned);
    }
    cancelStepDeadlines();
    SagaLifecycle.end();
  }

  private void reserve(CommandRetry attempt) {
    String productId = attempt.productId();
    forward(
        new ReserveStockCommand(productId, orderId, quantities.get(productId)),
        RESERVATION_STEP,
        new Retrying(RETRY_RESERVE, attempt),
        Set.of());
  }

  private void pay(CommandRetry attempt) {
    forward(
        new ProcessPaymentCommand(userId, orderId, total),
        PAYMENT_STEP,
        new Retrying(RETRY_PAYMENT, attempt),
        PAYMENT_NOT_THERE_YET);
  }

  /** {@code attempt} is {@code null} for the watchdog's resend, which is not retried. */
  private void complete(CommandRetry attempt) {
    forward(
        new CompleteOrderCommand(orderId),
        COMPLETION_STEP,
        attempt == null ? null : new Retrying(RETRY_COMPLETE, attempt),
        Set.of());
  }

  private void release(String productId, CommandRetry attempt) {
    compensating(
        new ReleaseStockCommand(productId, orderId, compensation.reason()),
        RETRY_RELEASE,
        productId,
        attempt);
  }

  private void refund(CommandRetry attempt) {
    compensating(
        new RefundPaymentCommand(userId, orderId, compensation.reason()),
        RETRY_REFUND,
        null,
        attempt);
  }

  private void cancel(CommandRetry attempt) {
    compensating(
        new CancelOrderCommand(orderId, compensation.reason()), RETRY_CANCEL, null, attempt);
  }

  /** Sends a forward command of a step: a refusal fails the step, on the order. */
  private void forward(Object command, String step, Retrying retry, Set<ErrorCode> notThereYet) {
    SagaCommandDispatcher dispatcher = dispatcher();
    String order = orderId;
    dispatcher.send(
        order,
        command,
        retry,
        notThereYet,
        refusal ->
            dispatcher.sendReporting(
                order, new RecordStepFailureCommand(order, step, refusal.details().message())));
  }

  /**
   * Sends a compensating command, retried until it goes through ({@code attempt} is {@code null}
   * for a resend that is not retried); a refusal reaches the saga through the {@link
   * #COMPENSATION_ABANDONED} deadline, so that it stops waiting for its confirmation.
   */
  private void compensating(
      Object command, String retryDeadline, String productId, CommandRetry attempt) {
    SagaCommandDispatcher dispatcher = dispatcher();
    String order = orderId;
    dispatcher.send(
        order,
        command,
        attempt == null ? null : new Retrying(retryDeadline, attempt),
        Set.of(),
        refusal ->
            dispatcher.schedule(
                refusal.scope(),
                order,
                COMPENSATION_ABANDONED,
                Duration.ZERO,
                new AbandonedCompensation(
                    order,
                    retryDeadline,
                    productId,
                    refusal.details().code() + ": " + refusal.details().message())));
  }

  private SagaCommandDispatcher dispatcher() {
    return new SagaCommandDispatcher(commandGateway, deadlineManager, settings.retry());
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
}
