package org.sagashop.order.saga;

import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY;
import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
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
 * <p>Every command is sent without blocking the event-processing thread. A command that fails
 * outright (its service could not be reached, say) is recorded on the order as an {@link
 * OrderStepFailedEvent}, so the saga reacts to it from its own event stream like to a refusal.
 * Compensating commands are idempotent and their failures are only logged: the step deadlines stay
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
    quantities.forEach(
        (productId, quantity) ->
            dispatch(
                new ReserveStockCommand(productId, orderId, quantity),
                RESERVATION_STEP,
                "product"));
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
    dispatch(new ProcessPaymentCommand(userId, orderId, total), PAYMENT_STEP, "payment");
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
      dispatchCompensation(new RefundPaymentCommand(userId, orderId, compensation.reason()));
      return;
    }
    paymentApproved = true;
    cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
    paymentDeadlineId = null;
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
    sendCompensation();
  }

  private void resendCompensation() {
    log.warn("Order {} is still not cancelled; sending its compensation again", orderId);
    sendCompensation();
  }

  private void sendCompensation() {
    quantities.keySet().stream()
        .filter(productId -> !productId.equals(compensation.refusedProductId()))
        .forEach(
            productId ->
                dispatchCompensation(
                    new ReleaseStockCommand(productId, orderId, compensation.reason())));
    if (compensation.refund()) {
      dispatchCompensation(new RefundPaymentCommand(userId, orderId, compensation.reason()));
    }
    dispatchCompensation(new CancelOrderCommand(orderId, compensation.reason()));
  }

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
              String reason = reasonFor(service, failure);
              log.warn(
                  "Order {}: {} failed outright: {}",
                  order,
                  command.getClass().getSimpleName(),
                  describe(failure));
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
            });
  }

  private void dispatchCompensation(Object command) {
    String order = orderId;
    commandGateway
        .send(command)
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                log.warn(
                    "Order {}: compensating {} failed: {}",
                    order,
                    command.getClass().getSimpleName(),
                    describe(failure));
              }
            });
  }

  private void cancelDeadlines() {
    cancelDeadline(RESERVATION_DEADLINE, reservationDeadlineId);
    cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
    reservationDeadlineId = null;
    paymentDeadlineId = null;
  }

  private void cancelDeadline(String name, String scheduleId) {
    if (scheduleId != null) {
      deadlineManager.cancelSchedule(name, scheduleId);
    }
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
