package org.sagashop.order.saga;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.ErrorDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a saga's commands without waiting for them, and turns what comes back into deadlines the
 * saga handles in its own scope, so that no thread waits and a restart loses nothing:
 *
 * <ul>
 *   <li>success: nothing; the saga learns of the effect from the event that follows;
 *   <li>a transient failure (no instance, a failed or timed-out call), or a refusal whose code says
 *       that what the command needs is not there <em>yet</em>: the retry deadline named by the
 *       caller fires after the back-off of this attempt, with the next attempt as its payload;
 *   <li>any other refusal: handed to the caller's refusal handler.
 * </ul>
 *
 * <p>The outcome arrives on another thread, possibly after the saga's state was stored: the
 * handlers get everything they need as arguments and must not touch the saga's fields.
 */
final class SagaCommandDispatcher {

  private static final Logger log = LoggerFactory.getLogger(SagaCommandDispatcher.class);

  /**
   * A refusal, with what the sender needs to act on it.
   *
   * @param details the code and message the receiving service refused with
   * @param scope the saga's scope the command was sent from, to schedule a deadline in
   */
  record Refusal(ErrorDetails details, ScopeDescriptor scope) {}

  /**
   * How a command is retried.
   *
   * @param deadline the retry deadline the saga handles by sending the command again
   * @param attempt the attempt the send is, whose successor the deadline carries
   */
  record Retrying(String deadline, CommandRetry attempt) {}

  private final CommandGateway commandGateway;
  private final DeadlineManager deadlineManager;
  private final OrderProcessProperties.Retry backoff;

  SagaCommandDispatcher(
      CommandGateway commandGateway,
      DeadlineManager deadlineManager,
      OrderProcessProperties.Retry backoff) {
    this.commandGateway = commandGateway;
    this.deadlineManager = deadlineManager;
    this.backoff = backoff;
  }

  /**
   * Sends {@code command} for {@code orderId}, from inside the saga's handler (its scope is the one
   * retries are scheduled in).
   *
   * @param retry the deadline that sends the command again after a transient failure, and the
   *     attempt this send is; {@code null} for a send that is not retried, because something else
   *     sends it again (a watchdog deadline, or a chain of retries already under way)
   * @param notThereYet refusal codes that mean "try again later" for this command
   * @param onRefusal what to do with any other refusal; runs outside the saga
   */
  void send(
      String orderId,
      Object command,
      Retrying retry,
      Set<ErrorCode> notThereYet,
      Consumer<Refusal> onRefusal) {
    ScopeDescriptor scope = Scope.describeCurrentScope();
    String name = command.getClass().getSimpleName();
    commandGateway
        .send(command)
        .whenComplete(
            (result, failure) -> {
              if (failure == null) {
                return;
              }
              String description = CommandFailures.describe(failure);
              ErrorDetails refused = CommandFailures.refusal(failure).orElse(null);
              if (refused != null && !notThereYet.contains(refused.code())) {
                log.warn("Order {}: {} was refused: {}", orderId, name, description);
                onRefusal.accept(new Refusal(refused, scope));
              } else if (retry == null) {
                log.warn(
                    "Order {}: {} failed ({}); it is sent again later", orderId, name, description);
              } else {
                Duration wait = backoff.backoffAfter(retry.attempt().attempt());
                log.warn(
                    "Order {}: attempt {} of {} failed ({}); trying again in {}",
                    orderId,
                    retry.attempt().attempt(),
                    name,
                    description,
                    wait);
                schedule(scope, orderId, retry.deadline(), wait, retry.attempt().next());
              }
            });
  }

  /** Schedules {@code deadlineName} in {@code scope}; a failure to do so is logged, not thrown. */
  void schedule(
      ScopeDescriptor scope, String orderId, String deadlineName, Duration delay, Object payload) {
    try {
      deadlineManager.schedule(delay, deadlineName, payload, scope);
    } catch (RuntimeException notScheduled) {
      // the saga's step deadlines re-send whatever is unconfirmed when they fire
      log.warn(
          "Order {}: deadline {} could not be scheduled: {}",
          orderId,
          deadlineName,
          CommandFailures.describe(notScheduled));
    }
  }

  /** Sends {@code command} once and logs a failure; for what the saga only reports. */
  void sendReporting(String orderId, Object command) {
    commandGateway
        .send(command)
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                log.warn(
                    "Order {}: {} failed: {}",
                    orderId,
                    command.getClass().getSimpleName(),
                    CommandFailures.describe(failure));
              }
            });
  }
}
