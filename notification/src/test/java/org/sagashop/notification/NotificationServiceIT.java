package org.sagashop.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessage;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessageConverter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.notification.query.NotificationKind;
import org.sagashop.notification.query.NotificationProjection;
import org.sagashop.notification.query.NotificationView;
import org.sagashop.platform.messaging.EventInbox;
import org.sagashop.platform.messaging.EventOutbox;
import org.sagashop.platform.messaging.MessagingProperties;
import org.sagashop.platform.test.ServiceIntegrationTest;
import org.sagashop.platform.test.TestTokens;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The whole service against the real PostgreSQL and RabbitMQ: events are published to the exchange
 * exactly as another service's outbox publishes them, and the buyer reads the result over HTTP.
 */
@ServiceIntegrationTest
class NotificationServiceIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String DEAD_LETTERS = "/api/admin/dead-letters";
  private static final ParameterizedTypeReference<List<NotificationView>> NOTIFICATIONS =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private RabbitTemplate rabbit;
  @Autowired private AMQPMessageConverter converter;
  @Autowired private MessagingProperties messaging;
  @Autowired private EventProcessingConfiguration eventProcessing;

  private final DefaultMessagePropertiesConverter propertiesConverter =
      new DefaultMessagePropertiesConverter();

  @Test
  void tellsTheBuyerWhatHappenedToTheOrderNewestFirst() {
    String buyer = UUID.randomUUID().toString();
    String orderId = UUID.randomUUID().toString();
    String shortId = orderId.substring(0, 8);
    Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    publish(
        "order",
        orderEvent(
            orderId,
            0,
            new OrderPlacedEvent(
                orderId,
                buyer,
                List.of(new OrderLine("p-1", "Mug", 2, new BigDecimal("29.95"))),
                new BigDecimal("59.90")),
            placedAt));
    publish(
        "payment",
        event(
            "Account",
            buyer,
            0,
            new PaymentDeclinedEvent(buyer, orderId, new BigDecimal("59.90"), "Insufficient funds"),
            placedAt.plusSeconds(1)));
    publish(
        "order",
        orderEvent(
            orderId,
            1,
            new OrderCancelledEvent(orderId, buyer, "Payment declined: Insufficient funds"),
            placedAt.plusSeconds(2)));

    List<NotificationView> notifications = awaitNotifications(buyer, 3);

    assertThat(notifications)
        .extracting(NotificationView::kind, NotificationView::message)
        .containsExactly(
            tuple(
                NotificationKind.CANCELLED,
                "Order " + shortId + " was cancelled: Payment declined: Insufficient funds"),
            tuple(
                NotificationKind.PAYMENT_DECLINED,
                "Payment for order " + shortId + " was declined: Insufficient funds"),
            tuple(NotificationKind.PLACED, "Order " + shortId + " placed: 2 items, total 59.90."));
    assertThat(notifications).extracting(NotificationView::orderId).containsOnly(orderId);
    // the time the notification service stored the relayed event (see EventInbox)
    assertThat(notifications.get(2).createdAt()).isAfterOrEqualTo(placedAt);
    assertThat(notificationsOf(buyer, "?limit=2").getBody())
        .extracting(NotificationView::kind)
        .containsExactly(NotificationKind.CANCELLED, NotificationKind.PAYMENT_DECLINED);
    assertThat(notificationsOf(UUID.randomUUID().toString(), "").getBody()).isEmpty();
  }

  @Test
  void notifiesOnceWhenTheSameEventIsDeliveredTwice() {
    String buyer = UUID.randomUUID().toString();
    String orderId = UUID.randomUUID().toString();
    Instant placedAt = Instant.now();
    EventMessage<?> placed =
        orderEvent(
            orderId,
            0,
            new OrderPlacedEvent(
                orderId,
                buyer,
                List.of(new OrderLine("p-1", "Mug", 1, new BigDecimal("10.00"))),
                new BigDecimal("10.00")),
            placedAt);

    publish("order", placed);
    publish("order", placed);
    // The inbox takes messages in order: once the later event is visible, both copies were handled.
    publish(
        "order",
        orderEvent(
            orderId,
            1,
            new OrderCompletedEvent(orderId, buyer, new BigDecimal("10.00")),
            placedAt.plusSeconds(1)));

    List<NotificationView> notifications = awaitNotifications(buyer, 2);

    assertThat(notifications)
        .extracting(NotificationView::kind)
        .containsExactly(NotificationKind.COMPLETED, NotificationKind.PLACED);
  }

  @Test
  void deadLettersAnUnreadableMessageAndKeepsProcessingTheNextOne() {
    String garbageId = UUID.randomUUID().toString();
    MessageProperties garbageProperties = new MessageProperties();
    garbageProperties.setMessageId(garbageId);
    garbageProperties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    garbageProperties.setHeader(EventOutbox.ORIGIN_HEADER, "order");
    send(
        "order.OrderPlacedEvent",
        new Message("{not an event".getBytes(StandardCharsets.UTF_8), garbageProperties));

    String buyer = UUID.randomUUID().toString();
    String orderId = UUID.randomUUID().toString();
    publish(
        "order",
        orderEvent(
            orderId, 0, new OrderCancelledEvent(orderId, buyer, "Out of stock"), Instant.now()));

    Message deadLetter =
        await().atMost(PATIENCE).until(() -> nextDeadLetterWithId(garbageId), Objects::nonNull);
    MessageProperties deadLetterProperties = deadLetter.getMessageProperties();
    assertThat(deadLetterProperties.<String>getHeader(EventInbox.REASON_HEADER)).isNotBlank();
    assertThat(deadLetterProperties.<String>getHeader("x-original-routing-key"))
        .isEqualTo("order.OrderPlacedEvent");
    assertThat(deadLetterProperties.getReceivedDeliveryMode())
        .as("a dead letter must survive a broker restart")
        .isEqualTo(MessageDeliveryMode.PERSISTENT);
    assertThat(awaitNotifications(buyer, 1))
        .extracting(NotificationView::kind)
        .containsExactly(NotificationKind.CANCELLED);
  }

  @Test
  void anAdministratorSeesRetriesAndDiscardsBrokerDeadLetters() {
    String poisonId = UUID.randomUUID().toString();
    MessageProperties poison = new MessageProperties();
    poison.setMessageId(poisonId);
    poison.setHeader(EventOutbox.ORIGIN_HEADER, "order");
    send("order.OrderPlacedEvent", new Message(new byte[] {(byte) 0xC3, 0x28}, poison));

    JsonNode letter =
        await().atMost(PATIENCE).until(() -> brokerLetter(poisonId), Objects::nonNull);
    assertThat(letter.get("reason").asText()).isNotBlank();
    assertThat(letter.get("origin").asText()).isEqualTo("order");
    assertThat(
            http.exchange(
                    DEAD_LETTERS,
                    HttpMethod.GET,
                    withToken(UUID.randomUUID().toString()),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // a retry hands it back to the inbox, which cannot read it any better: it is dead-lettered
    // again
    ResponseEntity<JsonNode> retried = admin(HttpMethod.POST, DEAD_LETTERS + "/broker/retry");
    assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(retried.getBody().get("retried").asLong()).isPositive();
    await().atMost(PATIENCE).until(() -> brokerLetter(poisonId), Objects::nonNull);

    assertThat(admin(HttpMethod.DELETE, DEAD_LETTERS + "/broker/" + poisonId).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(brokerLetter(poisonId)).isNull();
    ResponseEntity<JsonNode> again = admin(HttpMethod.DELETE, DEAD_LETTERS + "/broker/" + poisonId);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(again.getBody().get("code").asText()).isEqualTo("DEAD_LETTER_NOT_FOUND");
  }

  @Test
  void anAdministratorRetriesAParkedEventOnceItsHandlerCanHandleIt() {
    String buyer = UUID.randomUUID().toString();
    String orderId = UUID.randomUUID().toString();
    EventMessage<?> cancelled =
        orderEvent(
            orderId, 0, new OrderCancelledEvent(orderId, buyer, "Out of stock"), Instant.now());
    EventMessage<?> other =
        orderEvent(
            UUID.randomUUID().toString(),
            0,
            new OrderCancelledEvent(orderId, buyer, "Discarded"),
            Instant.now());
    // what the projection leaves behind when it keeps failing on an event
    var queue =
        eventProcessing.deadLetterQueue(NotificationProjection.PROCESSING_GROUP).orElseThrow();
    queue.enqueue(
        orderId,
        new GenericDeadLetter<>(orderId, cancelled, new IllegalStateException("database down")));
    queue.enqueue(
        other.getIdentifier(),
        new GenericDeadLetter<>(other.getIdentifier(), other, new IllegalStateException("bug")));

    JsonNode group = groupLetters(NotificationProjection.PROCESSING_GROUP);
    assertThat(group.get("letters").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(group.get("oldest").findValuesAsText("messageId"))
        .contains(cancelled.getIdentifier(), other.getIdentifier());
    assertThat(group.get("oldest").findValuesAsText("cause"))
        .contains("java.lang.IllegalStateException: database down");

    assertThat(
            admin(
                    HttpMethod.DELETE,
                    DEAD_LETTERS
                        + "/"
                        + NotificationProjection.PROCESSING_GROUP
                        + "/"
                        + other.getIdentifier())
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<JsonNode> retried =
        admin(
            HttpMethod.POST,
            DEAD_LETTERS + "/" + NotificationProjection.PROCESSING_GROUP + "/retry");

    assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(retried.getBody().get("retried").asLong()).isPositive();
    assertThat(awaitNotifications(buyer, 1))
        .extracting(NotificationView::message)
        .containsExactly("Order " + orderId.substring(0, 8) + " was cancelled: Out of stock");
    assertThat(
            groupLetters(NotificationProjection.PROCESSING_GROUP)
                .get("oldest")
                .findValuesAsText("messageId"))
        .doesNotContain(cancelled.getIdentifier(), other.getIdentifier());
    assertThat(admin(HttpMethod.POST, DEAD_LETTERS + "/no-such-group/retry").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void refusesACallerWithoutAToken() {
    ResponseEntity<String> response = http.getForEntity("/api/notifications", String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void refusesALimitOutOfRange() {
    ResponseEntity<String> response =
        http.exchange(
            "/api/notifications?limit=201",
            HttpMethod.GET,
            withToken(UUID.randomUUID().toString()),
            String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody()).contains("\"field\":\"limit\"");
  }

  private static EventMessage<?> orderEvent(
      String orderId, long sequence, Object payload, Instant at) {
    return event("Order", orderId, sequence, payload, at);
  }

  private static EventMessage<?> event(
      String aggregateType, String aggregateId, long sequence, Object payload, Instant at) {
    return new GenericDomainEventMessage<>(
        aggregateType, aggregateId, sequence, payload, Map.of(), UUID.randomUUID().toString(), at);
  }

  /** Publishes the event exactly as the outbox of the service it comes from would. */
  private void publish(String origin, EventMessage<?> event) {
    AMQPMessage amqp = converter.createAMQPMessage(event);
    MessageProperties properties =
        propertiesConverter.toMessageProperties(amqp.getProperties(), null, "UTF-8");
    properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    properties.setMessageId(event.getIdentifier());
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    properties.setHeader(EventOutbox.ORIGIN_HEADER, origin);
    send(amqp.getRoutingKey(), new Message(amqp.getBody(), properties));
  }

  private void send(String routingKey, Message message) {
    CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
    rabbit.send(messaging.exchange(), routingKey, message, correlation);
    CorrelationData.Confirm confirm =
        await()
            .atMost(PATIENCE)
            .until(() -> correlation.getFuture().getNow(null), Objects::nonNull);
    assertThat(confirm.isAck()).as("broker confirm for %s", routingKey).isTrue();
    assertThat(correlation.getReturned()).as("unroutable %s", routingKey).isNull();
  }

  private Message nextDeadLetterWithId(String messageId) {
    Message message;
    while ((message = rabbit.receive(messaging.deadLetterQueueOf("notification"))) != null) {
      if (messageId.equals(message.getMessageProperties().getMessageId())) {
        return message;
      }
    }
    return null;
  }

  private List<NotificationView> awaitNotifications(String userId, int count) {
    return await()
        .atMost(PATIENCE)
        .pollInterval(100, TimeUnit.MILLISECONDS)
        .until(() -> notificationsOf(userId, "").getBody(), list -> list.size() >= count);
  }

  private JsonNode brokerLetter(String id) {
    for (JsonNode letter :
        admin(HttpMethod.GET, DEAD_LETTERS).getBody().path("broker").path("oldest")) {
      if (id.equals(letter.get("id").asText())) {
        return letter;
      }
    }
    return null;
  }

  private JsonNode groupLetters(String group) {
    for (JsonNode letters :
        admin(HttpMethod.GET, DEAD_LETTERS).getBody().path("processingGroups")) {
      if (group.equals(letters.get("processingGroup").asText())) {
        return letters;
      }
    }
    throw new AssertionError("no dead-letter queue for " + group);
  }

  private ResponseEntity<JsonNode> admin(HttpMethod method, String path) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(TestTokens.admin(UUID.randomUUID().toString()));
    return http.exchange(path, method, new HttpEntity<>(headers), JsonNode.class);
  }

  private ResponseEntity<List<NotificationView>> notificationsOf(String userId, String query) {
    ResponseEntity<List<NotificationView>> response =
        http.exchange(
            "/api/notifications" + query, HttpMethod.GET, withToken(userId), NOTIFICATIONS);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response;
  }

  private static HttpEntity<Void> withToken(String userId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(TestTokens.user(userId));
    return new HttpEntity<>(headers);
  }
}
