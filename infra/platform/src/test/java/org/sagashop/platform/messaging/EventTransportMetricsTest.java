package org.sagashop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessage;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessageConverter;
import org.axonframework.extensions.amqp.eventhandling.DefaultAMQPMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.platform.metrics.PlatformMeters;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What the outbox and the inbox count: publications, their failures, duplicates dropped. */
class EventTransportMetricsTest {

  private static final String ROUTING_KEY = "order.OrderCancelledEvent";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RabbitTemplate rabbit = mock(RabbitTemplate.class);
  private final EventRouting routing = new EventRouting(List.of(ROUTING_KEY));
  private final AMQPMessageConverter converter =
      DefaultAMQPMessageConverter.builder()
          .serializer(JacksonSerializer.defaultSerializer())
          .routingKeyResolver(routing)
          .durable(true)
          .build();
  private final MessagingProperties properties =
      new MessagingProperties(true, "test", Map.of(), Duration.ofMillis(50));
  private final EventOutbox outbox =
      new EventOutbox(rabbit, converter, routing, properties, "order", registry);
  private final EventMessage<OrderCancelledEvent> event =
      GenericEventMessage.asEventMessage(new OrderCancelledEvent("o1", "u1", "out of stock"));

  @Test
  void countsEachEventTheBrokerConfirmed() {
    brokerAnswers(correlation -> correlation.getFuture().complete(confirm(true)));

    outbox.publish(event.getPayload(), event);

    assertThat(counter(PlatformMeters.OUTBOX_PUBLISHED.name(), "event", ROUTING_KEY)).isEqualTo(1);
  }

  @Test
  void countsPublicationFailuresByReason() {
    brokerAnswers(correlation -> correlation.getFuture().complete(confirm(false)));
    assertThatThrownBy(() -> outbox.publish(event.getPayload(), event))
        .isInstanceOf(EventPublicationException.class);

    brokerAnswers(
        correlation -> {
          correlation.setReturned(
              new ReturnedMessage(
                  new Message(new byte[0]), 312, "NO_ROUTE", "test.events", ROUTING_KEY));
          correlation.getFuture().complete(confirm(true));
        });
    assertThatThrownBy(() -> outbox.publish(event.getPayload(), event))
        .isInstanceOf(EventPublicationException.class);

    brokerAnswers(correlation -> {});
    assertThatThrownBy(() -> outbox.publish(event.getPayload(), event))
        .isInstanceOf(EventPublicationException.class);

    String failures = PlatformMeters.OUTBOX_PUBLISH_FAILURES.name();
    assertThat(counter(failures, "event", ROUTING_KEY, "reason", "refused")).isEqualTo(1);
    assertThat(counter(failures, "event", ROUTING_KEY, "reason", "unroutable")).isEqualTo(1);
    assertThat(counter(failures, "event", ROUTING_KEY, "reason", "no-confirm")).isEqualTo(1);
    assertThat(registry.find(PlatformMeters.OUTBOX_PUBLISHED.name()).counters()).isEmpty();
  }

  @Test
  void countsStoredEventsAndDuplicatesDroppedByTheInbox() {
    EventStore eventStore = mock(EventStore.class);
    JdbcTemplate jdbc = mock(JdbcTemplate.class);
    EventInbox inbox = inbox(eventStore, jdbc);
    Message received = received(event);

    when(jdbc.queryForObject(anyString(), eq(Integer.class), any(Object[].class))).thenReturn(0);
    inbox.receive(received);
    when(jdbc.queryForObject(anyString(), eq(Integer.class), any(Object[].class))).thenReturn(1);
    inbox.receive(received);
    inbox.receive(received);

    assertThat(counter(PlatformMeters.INBOX_STORED.name(), "event", ROUTING_KEY)).isEqualTo(1);
    assertThat(counter(PlatformMeters.INBOX_DUPLICATES.name(), "event", ROUTING_KEY)).isEqualTo(2);
  }

  @Test
  void countsMessagesTheInboxCouldNotRead() {
    EventStore eventStore = mock(EventStore.class);
    EventInbox inbox = inbox(eventStore, mock(JdbcTemplate.class));
    brokerAnswers(correlation -> correlation.getFuture().complete(confirm(true)));

    inbox.receive(new Message("not an event".getBytes(), new MessageProperties()));

    verify(eventStore, never()).publish(any(EventMessage.class));
    assertThat(registry.get(PlatformMeters.INBOX_UNREADABLE.name()).counter().count()).isEqualTo(1);
  }

  private EventInbox inbox(EventStore eventStore, JdbcTemplate jdbc) {
    return new EventInbox(
        converter,
        eventStore,
        jdbc,
        new TransactionTemplate(mock(PlatformTransactionManager.class)),
        rabbit,
        "test.order.events.dlq",
        registry);
  }

  private Message received(EventMessage<?> sent) {
    AMQPMessage amqp = converter.createAMQPMessage(sent);
    MessageProperties messageProperties =
        new DefaultMessagePropertiesConverter()
            .toMessageProperties(amqp.getProperties(), null, "UTF-8");
    messageProperties.setHeader(EventOutbox.ORIGIN_HEADER, "order");
    return new Message(amqp.getBody(), messageProperties);
  }

  private void brokerAnswers(Consumer<CorrelationData> broker) {
    doAnswer(
            invocation -> {
              broker.accept(invocation.getArgument(3));
              return null;
            })
        .when(rabbit)
        .send(anyString(), anyString(), any(Message.class), any(CorrelationData.class));
  }

  private static CorrelationData.Confirm confirm(boolean ack) {
    return new CorrelationData.Confirm(ack, ack ? null : "nacked");
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }
}
