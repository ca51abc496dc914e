package org.sagashop.platform.messaging;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessage;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessageConverter;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

/**
 * The outbound half of the event transport. A streaming processor reads this service's own events
 * from its event store and hands each one here; it is published with a publisher confirm and the
 * {@code mandatory} flag, and this method returns only once the broker has confirmed it. The
 * processor's token therefore moves only past confirmed events: a broker outage delays events, it
 * never loses them. Events that reached this store from another service are not published again.
 */
@ProcessingGroup(EventOutbox.PROCESSING_GROUP)
public class EventOutbox {

  public static final String PROCESSING_GROUP = "outbox";
  public static final String ORIGIN_HEADER = "sagashop-origin";

  private final RabbitTemplate rabbit;
  private final AMQPMessageConverter converter;
  private final EventRouting routing;
  private final MessagingProperties properties;
  private final String origin;
  private final DefaultMessagePropertiesConverter propertiesConverter =
      new DefaultMessagePropertiesConverter();

  public EventOutbox(
      RabbitTemplate rabbit,
      AMQPMessageConverter converter,
      EventRouting routing,
      MessagingProperties properties,
      String origin) {
    this.rabbit = rabbit;
    this.converter = converter;
    this.routing = routing;
    this.properties = properties;
    this.origin = origin;
  }

  @EventHandler
  public void publish(Object payload, EventMessage<?> event) {
    if (event.getMetaData().containsKey(EventInbox.RELAYED_FROM)) {
      return;
    }
    String routingKey = EventRouting.routingKeyOf(event.getPayloadType());
    if (!routing.hasSubscriber(routingKey)) {
      return;
    }
    AMQPMessage amqp = converter.createAMQPMessage(event);
    MessageProperties messageProperties =
        propertiesConverter.toMessageProperties(amqp.getProperties(), null, "UTF-8");
    messageProperties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    messageProperties.setMessageId(event.getIdentifier());
    messageProperties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    messageProperties.setHeader(ORIGIN_HEADER, origin);
    CorrelationData correlation = new CorrelationData(event.getIdentifier());
    rabbit.send(
        properties.exchange(),
        routingKey,
        new Message(amqp.getBody(), messageProperties),
        correlation);
    awaitConfirm(correlation, routingKey);
  }

  private void awaitConfirm(CorrelationData correlation, String routingKey) {
    CorrelationData.Confirm confirm;
    try {
      confirm =
          correlation
              .getFuture()
              .get(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventPublicationException("Interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new EventPublicationException(
          "No confirm from the broker for " + routingKey + " " + correlation.getId(), e);
    }
    if (!confirm.isAck()) {
      throw new EventPublicationException(
          "Broker refused " + routingKey + " " + correlation.getId() + ": " + confirm.getReason());
    }
    if (correlation.getReturned() != null) {
      throw new EventPublicationException(
          "No queue is bound for "
              + routingKey
              + " ("
              + correlation.getReturned().getReplyText()
              + "); the topology is not declared yet");
    }
  }
}
