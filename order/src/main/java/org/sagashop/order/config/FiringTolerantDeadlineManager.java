package org.sagashop.order.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's db-scheduler deadline manager, except for cancelling one deadline: a deadline that is
 * being fired at that moment (db-scheduler has claimed it, and its handler waits for the saga that
 * is cancelling it), that has fired already, or that was claimed between the lookup and the delete
 * cannot be cancelled any more, and that is no failure. Axon's own manager treats only the second
 * case so, and would fail the saga's transaction in the other two: the saga's handler would be
 * retried, and the event that ended the step would wait for a deadline that no longer matters. The
 * saga's deadline handlers already do nothing when they fire after their step is over.
 *
 * <p>The cancellation is still written when the saga's unit of work commits, in its transaction.
 */
final class FiringTolerantDeadlineManager extends DbSchedulerDeadlineManager {

  private static final Logger log = LoggerFactory.getLogger(FiringTolerantDeadlineManager.class);

  private final Scheduler scheduler;

  FiringTolerantDeadlineManager(DbSchedulerDeadlineManager.Builder builder, Scheduler scheduler) {
    super(builder);
    this.scheduler = scheduler;
  }

  @Override
  public void cancelSchedule(String deadlineName, String scheduleId) {
    if (CurrentUnitOfWork.isStarted()) {
      CurrentUnitOfWork.get().onPrepareCommit(unitOfWork -> cancel(deadlineName, scheduleId));
    } else {
      cancel(deadlineName, scheduleId);
    }
  }

  private void cancel(String deadlineName, String scheduleId) {
    try {
      scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
    } catch (TaskInstanceException firingOrFired) {
      log.debug(
          "Deadline {} ({}) is firing or has fired: {}",
          deadlineName,
          scheduleId,
          firingOrFired.getMessage());
    }
  }
}
