package org.sagashop.platform.axon;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a projection's failure at commit end in its dead-letter queue like any other failure.
 *
 * <p>Axon's dead-letter queue catches what an event handler throws. But a projection that writes
 * through JPA usually fails only when its transaction commits, after every handler has returned:
 * PostgreSQL refuses U+0000 in a text column, a value too long for its column or a broken
 * constraint when Hibernate flushes. That failure escapes the dead-letter handling, rolls the batch
 * back, and the processor retries the same event for ever, holding up its whole segment.
 *
 * <p>So each projection handler here notes which event it handled; when the transaction of a batch
 * of that one event fails at commit because PostgreSQL refuses the data itself (bad data, a broken
 * constraint; a lost or closed connection, a deadlock or a server shutting down is retried), the
 * event is remembered as refused. The processor retries the batch, as it does after any failure,
 * and this time the handler is not called: it throws the reason instead, which the dead-letter
 * queue catches and parks with the event's sequence, in a transaction that now commits. Only that
 * sequence waits; the processor goes on. A transient failure is retried as before.
 *
 * <p>Tracking processors handle one event per transaction here (Axon's default batch size), which
 * is what ties a failed commit to its event; a batch of several events is retried as a whole. The
 * memory is per instance and bounded: after a restart, or on another instance, the event fails at
 * commit once more and is parked then.
 */
public class CommitFailureDeadLettering implements HandlerEnhancerDefinition {

  private static final Logger log = LoggerFactory.getLogger(CommitFailureDeadLettering.class);

  /** How many refused events are remembered; far more than can wait for their retry at once. */
  static final int REMEMBERED = 10_000;

  /**
   * PostgreSQL's SQLSTATE classes of the data itself being refused (22: data exception, such as
   * U+0000 in text or a value too long; 23: integrity constraint violation): trying again fails the
   * same way.
   */
  private static final Set<String> REFUSED_DATA_SQL_STATE_CLASSES = Set.of("22", "23");

  private final Predicate<String> hasDeadLetterQueue;
  private final Map<String, String> refused =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > REMEMBERED;
            }
          });

  /**
   * @param hasDeadLetterQueue whether a processing group parks failing events (the others must
   *     retry in place, and are left alone)
   */
  public CommitFailureDeadLettering(Predicate<String> hasDeadLetterQueue) {
    this.hasDeadLetterQueue = hasDeadLetterQueue;
  }

  @Override
  public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
    ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
    if (!original.canHandleMessageType(EventMessage.class)
        || group == null
        || !hasDeadLetterQueue.test(group.value())) {
      return original;
    }
    String processingGroup = group.value();
    return new WrappedMessageHandlingMember<>(original) {
      @Override
      public Object handle(Message<?> message, T target) throws Exception {
        String event = processingGroup + "/" + message.getIdentifier();
        String reason = refused.get(event);
        if (reason != null) {
          throw new EventRefusedAtCommitException(reason);
        }
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.onRollback(u -> rolledBack(u, event)));
        return super.handle(message, target);
      }
    };
  }

  private void rolledBack(UnitOfWork<?> unitOfWork, String event) {
    if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.getMessages().size() != 1) {
      return;
    }
    Throwable cause =
        unitOfWork.getExecutionResult() == null
            ? null
            : unitOfWork.getExecutionResult().getExceptionResult();
    if (cause == null || isTransient(cause)) {
      return;
    }
    log.warn(
        "Event {} failed at commit ({}); it is parked in the dead-letter queue on the retry",
        event,
        cause.toString());
    refused.put(event, reasonOf(cause));
  }

  /**
   * Whether trying the same work again may succeed: anything but PostgreSQL refusing the data
   * itself. A lost or closed connection (HikariCP's "Connection is closed" carries no SQLSTATE at
   * all), a deadlock or a server shutting down passes; bad data or a broken constraint does not.
   */
  static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().length() >= 2
          && REFUSED_DATA_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
        return false;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return true;
  }

  /** The innermost message: the database's own words rather than Hibernate's wrapper. */
  private static String reasonOf(Throwable failure) {
    Throwable innermost = failure;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    return "failed at commit: " + innermost;
  }

  /** An event whose earlier handling failed at commit, refused so that it is dead-lettered. */
  public static class EventRefusedAtCommitException extends RuntimeException {
    EventRefusedAtCommitException(String reason) {
      super(reason);
    }
  }
}
