package org.sagashop.platform.metrics;

import static org.sagashop.platform.metrics.MeterDefinition.counter;
import static org.sagashop.platform.metrics.MeterDefinition.gauge;
import static org.sagashop.platform.metrics.MeterDefinition.timer;

import java.util.List;

/** The meters of the machinery every service shares: commands, events, processors, dead letters. */
public final class PlatformMeters {

  public static final MeterDefinition COMMAND_DISPATCH =
      timer(
          "sagashop.command.dispatch",
          "time from handing a command to the command bus until its result arrived, per target"
              + " service; outcome success or failure",
          "target",
          "command",
          "outcome");

  public static final MeterDefinition COMMAND_DISPATCH_FAILURES =
      counter(
          "sagashop.command.dispatch.failures",
          "commands that failed, per target service and the exception's type (a refusal by the"
              + " handler, a member that is down or did not answer in time)",
          "target",
          "command",
          "exception");

  public static final MeterDefinition OUTBOX_PUBLISHED =
      counter(
          "sagashop.outbox.published",
          "events the outbox published and the broker confirmed",
          "event");

  public static final MeterDefinition OUTBOX_PUBLISH_FAILURES =
      counter(
          "sagashop.outbox.publish.failures",
          "publications that failed and will be retried: reason no-confirm, refused, unroutable or"
              + " interrupted",
          "event",
          "reason");

  public static final MeterDefinition INBOX_STORED =
      counter("sagashop.inbox.stored", "events received from other services and stored", "event");

  public static final MeterDefinition INBOX_DUPLICATES =
      counter(
          "sagashop.inbox.duplicates",
          "received events dropped because the store already held them (redeliveries)",
          "event");

  public static final MeterDefinition INBOX_UNREADABLE =
      counter(
          "sagashop.inbox.unreadable",
          "received messages that could not be read and went to the RabbitMQ dead-letter queue");

  public static final MeterDefinition PROCESSOR_LAG_EVENTS =
      gauge(
          "sagashop.processor.lag.events",
          "per event processor and segment held by this instance: positions between its token and"
              + " the head of the event store",
          "processor",
          "segment");

  public static final MeterDefinition PROCESSOR_LAG_SECONDS =
      gauge(
          "sagashop.processor.lag.seconds",
          "per event processor and segment held by this instance: age of the oldest event it has"
              + " not handled yet (0 when caught up)",
          "processor",
          "segment");

  public static final MeterDefinition DEAD_LETTERS =
      gauge(
          "sagashop.dead.letters",
          "dead letters waiting, per queue: kind axon (a processing group's dead-letter queue) or"
              + " broker (the service's RabbitMQ dead-letter queue); the same figure on every"
              + " instance",
          "queue",
          "kind");

  public static final MeterDefinition SAGAS_ACTIVE =
      gauge(
          "sagashop.sagas.active",
          "sagas running (stored and not ended), per saga type; the same figure on every instance",
          "saga");

  public static final List<MeterDefinition> ALL =
      List.of(
          COMMAND_DISPATCH,
          COMMAND_DISPATCH_FAILURES,
          OUTBOX_PUBLISHED,
          OUTBOX_PUBLISH_FAILURES,
          INBOX_STORED,
          INBOX_DUPLICATES,
          INBOX_UNREADABLE,
          PROCESSOR_LAG_EVENTS,
          PROCESSOR_LAG_SECONDS,
          DEAD_LETTERS,
          SAGAS_ACTIVE);

  private PlatformMeters() {}
}
