package org.sagashop.order.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The order saga's deadlines live in db-scheduler's {@code scheduled_tasks} table, in this
 * service's own database, so a restart does not lose them and any instance fires them. Scheduling
 * and cancelling write one row in the saga's own transaction (the scheduler's data source joins
 * Spring's transaction), so a deadline exists exactly when the saga's new state commits, and no
 * saga waits for another: there is no scheduler-wide lock, and due deadlines are claimed with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}.
 *
 * <p>Axon's Spring Boot support registers the scheduler's tasks for its own deadline manager; this
 * configuration replaces both, for the two things the saga needs that Axon's defaults do not give:
 * cancelling a deadline that is firing at that moment is no failure ({@link
 * FiringTolerantDeadlineManager}), and a deadline whose handler failed (the database restarting)
 * runs again within seconds, not after db-scheduler's default five minutes.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class DeadlineConfiguration {

  /** The name Axon's deadline task has; deadlines already stored under it stay readable. */
  static final String DEADLINE_TASK = "AxonDeadline";

  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  @Bean
  public DeadlineManager deadlineManager(
      Scheduler scheduler,
      Configuration axonConfiguration,
      Serializer serializer,
      TransactionManager transactionManager,
      DeadlineManagerSpanFactory spanFactory) {
    return new FiringTolerantDeadlineManager(
        DbSchedulerDeadlineManager.builder()
            .scheduler(scheduler)
            .scopeAwareProvider(new ConfigurationScopeAwareProvider(axonConfiguration))
            .serializer(serializer)
            .transactionManager(transactionManager)
            .spanFactory(spanFactory)
            // Spring Boot starts and stops the scheduler, after and before the application
            .startScheduler(false)
            .stopScheduler(false),
        scheduler);
  }

  /**
   * Axon's task that runs a due deadline, with a failure handler that retries it after 1 s, 2 s, 4
   * s ... up to 30 s, for as long as it fails.
   */
  @Bean
  @Qualifier("deadlineDetailsTask")
  public Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context) {
    Task<DbSchedulerBinaryDeadlineDetails> axonTask =
        DbSchedulerDeadlineManager.binaryTask(
            () -> context.getBean(DbSchedulerDeadlineManager.class));
    return Tasks.oneTime(DEADLINE_TASK, DbSchedulerBinaryDeadlineDetails.class)
        .onFailure(retryWithBackoff())
        .execute((instance, execution) -> axonTask.execute(instance, execution));
  }

  static FailureHandler<DbSchedulerBinaryDeadlineDetails> retryWithBackoff() {
    return (complete, operations) -> {
      int failures = Math.max(1, complete.getExecution().consecutiveFailures + 1);
      long factor = 1L << Math.min(failures - 1, 10);
      Duration delay = FIRST_RETRY.multipliedBy(factor);
      if (delay.compareTo(LONGEST_RETRY) > 0) {
        delay = LONGEST_RETRY;
      }
      operations.reschedule(complete, complete.getTimeDone().plus(delay));
    };
  }
}
