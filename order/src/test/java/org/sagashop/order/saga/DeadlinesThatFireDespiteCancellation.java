package org.sagashop.order.saga;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.axonframework.test.saga.SagaTestFixture;

/**
 * The fixture's deadline manager, except that cancelling the named deadlines has no effect: what
 * happens in production when the deadline's job has already fired and waits for the saga's lock
 * while the saga handles the event that ends the step (a deadline that is firing cannot be
 * cancelled).
 */
final class DeadlinesThatFireDespiteCancellation implements DeadlineManager {

  private final StubDeadlineManager fixtureDeadlines;
  private final Set<String> firing;

  private DeadlinesThatFireDespiteCancellation(
      StubDeadlineManager fixtureDeadlines, Set<String> firing) {
    this.fixtureDeadlines = fixtureDeadlines;
    this.firing = firing;
  }

  /** Makes the saga of {@code fixture} unable to cancel the deadlines named {@code firing}. */
  static void install(SagaTestFixture<?> fixture, String... firing) {
    fixture.registerResource(
        new DeadlinesThatFireDespiteCancellation(deadlinesOf(fixture), Set.of(firing)));
  }

  @Override
  public String schedule(
      Instant triggerDateTime, String deadlineName, Object payload, ScopeDescriptor scope) {
    return fixtureDeadlines.schedule(triggerDateTime, deadlineName, payload, scope);
  }

  @Override
  public String schedule(
      Duration triggerDuration, String deadlineName, Object payload, ScopeDescriptor scope) {
    return fixtureDeadlines.schedule(triggerDuration, deadlineName, payload, scope);
  }

  @Override
  public void cancelSchedule(String deadlineName, String scheduleId) {
    if (!firing.contains(deadlineName)) {
      fixtureDeadlines.cancelSchedule(deadlineName, scheduleId);
    }
  }

  @Override
  public void cancelAll(String deadlineName) {
    if (!firing.contains(deadlineName)) {
      fixtureDeadlines.cancelAll(deadlineName);
    }
  }

  @Override
  public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
    if (!firing.contains(deadlineName)) {
      fixtureDeadlines.cancelAllWithinScope(deadlineName, scope);
    }
  }

  @Override
  public Registration registerDispatchInterceptor(
      MessageDispatchInterceptor<? super DeadlineMessage<?>> interceptor) {
    return fixtureDeadlines.registerDispatchInterceptor(interceptor);
  }

  @Override
  public Registration registerHandlerInterceptor(
      MessageHandlerInterceptor<? super DeadlineMessage<?>> interceptor) {
    return fixtureDeadlines.registerHandlerInterceptor(interceptor);
  }

  /** The fixture keeps its deadline manager to itself; the test needs the very same one. */
  private static StubDeadlineManager deadlinesOf(SagaTestFixture<?> fixture) {
    try {
      Field field = SagaTestFixture.class.getDeclaredField("deadlineManager");
      field.setAccessible(true);
      return (StubDeadlineManager) field.get(fixture);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Axon version's SagaTestFixture has changed", e);
    }
  }
}
