package org.sagashop.platform.messaging;

import java.util.Optional;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessageConverter;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbound half of the event transport. Each received event is appended to this service's own
 * event store in one transaction, and the message is acknowledged only after that commit (the
 * listener container acks when this method returns). The event's identifier is unique in the store,
 * so a redelivered copy changes nothing. A message that cannot be read is moved to the service's
 * dead-letter queue with the reason; it is never requeued, so it cannot block the queue. Sagas and
 * projections then read local and remote events alike from the local store.
 */
public class EventInbox {

  public static final String RELAYED_FROM = "relayedFrom";
  public static final String OCCURRED_AT = "occurredAt";
  public static final String REASON_HEADER = "x-sagashop-dead-letter-reason";

  private static final Logger log = LoggerFactory.getLogger(EventInbox.class);

  private final AMQPMessageConverter converter;
  private final EventStore eventStore;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final RabbitTemplate rabbit;
  private final String deadLetterQueue;

  public EventInbox(
      AMQPMessageConverter converter,
      EventStore eventStore,
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      RabbitTemplate rabbit,
      String deadLetterQueue) {
    this.converter = converter;
    this.eventStore = eventStore;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.rabbit = rabbit;
    this.deadLetterQueue = deadLetterQueue;
  }

  public void receive(Message message) {
    EventMessage<?> event;
    try {
      event = read(message);
    } catch (RuntimeException unreadable) {
      deadLetter(message, unreadable.getMessage());
      return;
    }
    EventMessage<?> relayed = detached(event, origin(message));
    transactions.executeWithoutResult(
        status -> {
          if (!isStored(relayed.getIdentifier())) {
            eventStore.publish(relayed);
          }
        });
  }

  private EventMessage<?> read(Message message) {
    Optional<EventMessage<?>> event =
        converter.readAMQPMessage(message.getBody(), message.getMessageProperties().getHeaders());
    if (event.isEmpty()) {
      throw new IllegalArgumentException("Not an event: the Axon message headers are missing");
    }
    if (UnknownSerializedType.class.equals(event.get().getPayloadType())) {
      throw new IllegalArgumentException(
          "Unknown event type "
              + message.getMessageProperties().getHeaders().get("axon-message-type"));
    }
    event.get().getPayload(); // deserialize now: an unreadable body is refused before it is stored
    return event.get();
  }

  /**
   * A relayed event is stored as a plain event, not as part of its sender's aggregate stream: a
   * local aggregate may share the remote aggregate's identifier (an account has its user's id), and
   * must never see the other service's events when it is sourced.
   *
   * <p>It is stored with the time it is stored at, and the time it happened in its own service is
   * kept in the metadata ({@value #OCCURRED_AT}). The event processors of this service take any
   * event whose timestamp is older than their gap timeout as proof that every gap in the global
   * index below it has been committed or rolled back for good; an event relayed late (after a
   * broker outage, say) with its original timestamp would make them skip the events that other
   * transactions of this service were still committing, and those would never be handled.
   */
  private static EventMessage<?> detached(EventMessage<?> event, String origin) {
    return new GenericEventMessage<>(
        event.getIdentifier(),
        event.getPayload(),
        event
            .getMetaData()
            .and(RELAYED_FROM, origin)
            .and(OCCURRED_AT, event.getTimestamp().toString()),
        GenericEventMessage.clock.instant());
  }

  private boolean isStored(String eventIdentifier) {
    Integer count =
        jdbc.queryForObject(
            "select count(*) from domain_event_entry where event_identifier = ?",
            Integer.class,
            eventIdentifier);
    return count != null && count > 0;
  }

  private static String origin(Message message) {
    Object origin = message.getMessageProperties().getHeaders().get(EventOutbox.ORIGIN_HEADER);
    return origin == null ? "unknown" : origin.toString();
  }

  private void deadLetter(Message message, String reason) {
    MessageProperties properties = message.getMessageProperties();
    log.warn(
        "Dead-lettering message {} from {} with key {}: {}",
        properties.getMessageId(),
        properties.getReceivedExchange(),
        properties.getReceivedRoutingKey(),
        reason);
    properties.setHeader(REASON_HEADER, reason == null ? "unreadable" : reason);
    properties.setHeader("x-original-exchange", properties.getReceivedExchange());
    properties.setHeader("x-original-routing-key", properties.getReceivedRoutingKey());
    // a received message carries its delivery mode only as "received": unless it is set again, the
    // copy is sent transient and a broker restart would lose the dead letter
    properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    CorrelationData correlation = new CorrelationData();
    rabbit.send("", deadLetterQueue, message, correlation);
    try {
      CorrelationData.Confirm confirm = correlation.getFuture().get();
      if (!confirm.isAck() || correlation.getReturned() != null) {
        throw new EventPublicationException("Dead-letter queue refused the message");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventPublicationException("Interrupted while dead-lettering", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new EventPublicationException("Could not dead-letter the message", e);
    }
  }
}
