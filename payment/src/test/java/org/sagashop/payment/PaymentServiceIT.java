package org.sagashop.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessage;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessageConverter;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.payment.command.ProcessPaymentCommand;
import org.sagashop.coreapi.payment.command.RefundPaymentCommand;
import org.sagashop.coreapi.payment.event.PaymentApprovedEvent;
import org.sagashop.coreapi.payment.event.PaymentDeclinedEvent;
import org.sagashop.coreapi.payment.event.PaymentRefundedEvent;
import org.sagashop.coreapi.user.event.UserRegisteredEvent;
import org.sagashop.platform.messaging.EventOutbox;
import org.sagashop.platform.messaging.EventRouting;
import org.sagashop.platform.messaging.MessagingProperties;
import org.sagashop.platform.test.ServiceIntegrationTest;
import org.sagashop.platform.test.TestTokens;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The payment service whole, against the real PostgreSQL and RabbitMQ. A user's registration
 * arrives the way the user service sends it, as a domain event of its User aggregate over the
 * broker, and goes through this service's inbox; payments arrive as commands, as from the order
 * saga.
 */
@ServiceIntegrationTest
@TestPropertySource(
    properties = {
      "sagashop.payment.starting-balance=500.00",
      "sagashop.payment.order-limit=1000.00"
    })
class PaymentServiceIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Autowired private TestRestTemplate rest;
  @Autowired private EventStore eventStore;
  @Autowired private CommandGateway commandGateway;
  @Autowired private RabbitTemplate rabbit;
  @Autowired private AMQPMessageConverter converter;
  @Autowired private MessagingProperties messaging;

  @Test
  void opensAnAccountWithTheStartingBalanceWhenAUserRegisters() {
    String userId = registeredUser();

    ResponseEntity<JsonNode> wallet = awaitBalance(userId, "500.00");

    assertThat(wallet.getBody().get("accountId").asText()).isEqualTo(userId);
  }

  @Test
  void answersTheWalletOfAUserWhoRegisteredAMomentAgo() {
    String userId = registeredUser();

    ResponseEntity<JsonNode> wallet = get(userId);

    assertThat(wallet.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(wallet.getBody().get("balance").decimalValue()).isEqualByComparingTo("500.00");
  }

  @Test
  void takesADepositOfAUserWhoRegisteredAMomentAgo() {
    String userId = registeredUser();

    ResponseEntity<JsonNode> deposit = deposit(userId, "{\"amount\": 25.50}");

    assertThat(deposit.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(deposit.getBody().get("balance").decimalValue()).isEqualByComparingTo("525.50");
  }

  @Test
  void answersNotFoundToAUserWithoutAccount() {
    String userId = UUID.randomUUID().toString();

    ResponseEntity<JsonNode> wallet = get(userId);
    ResponseEntity<JsonNode> deposit = deposit(userId, "{\"amount\": 10.00}");

    assertProblem(wallet, HttpStatus.NOT_FOUND, "ACCOUNT_NOT_FOUND");
    assertThat(wallet.getBody().get("detail").asText()).contains("no payment account yet");
    assertProblem(deposit, HttpStatus.NOT_FOUND, "ACCOUNT_NOT_FOUND");
  }

  @Test
  void refusesTheWalletWithoutAToken() {
    ResponseEntity<JsonNode> response = rest.getForEntity("/api/wallet", JsonNode.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void depositsMoneyAndAnswersTheNewBalance() {
    String userId = registeredUser();
    awaitBalance(userId, "500.00");

    ResponseEntity<JsonNode> deposit = deposit(userId, "{\"amount\": 25.50}");

    assertThat(deposit.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(deposit.getBody().get("accountId").asText()).isEqualTo(userId);
    assertThat(deposit.getBody().get("balance").decimalValue()).isEqualByComparingTo("525.50");
    awaitBalance(userId, "525.50");
  }

  @Test
  void refusesAnInvalidDepositAndLeavesTheBalanceAlone() {
    String userId = registeredUser();
    awaitBalance(userId, "500.00");
    int eventsBefore = accountEvents(userId).size();

    ResponseEntity<JsonNode> tooPrecise = deposit(userId, "{\"amount\": 10.001}");
    ResponseEntity<JsonNode> tooMuch = deposit(userId, "{\"amount\": 100000.01}");
    ResponseEntity<JsonNode> notANumber = deposit(userId, "{\"amount\": \"lots\"}");

    assertProblem(tooPrecise, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertThat(tooPrecise.getBody().get("errors").get(0).get("field").asText()).isEqualTo("amount");
    assertThat(tooPrecise.getBody().get("detail").asText())
        .isEqualTo("amount: must have at most 2 decimal places");
    assertProblem(tooMuch, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertProblem(notANumber, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertThat(accountEvents(userId)).hasSize(eventsBefore);
    assertThat(get(userId).getBody().get("balance").decimalValue()).isEqualByComparingTo("500.00");
  }

  @Test
  void chargesAnOrderOnceAndRefundsIt() {
    String userId = registeredUser();
    awaitBalance(userId, "500.00");
    String orderId = UUID.randomUUID().toString();

    commandGateway.sendAndWait(new ProcessPaymentCommand(userId, orderId, money("80.00")));
    awaitBalance(userId, "420.00");
    commandGateway.sendAndWait(new ProcessPaymentCommand(userId, orderId, money("80.00")));

    assertThat(accountEvents(userId))
        .filteredOn(PaymentApprovedEvent.class::isInstance)
        .containsExactly(
            new PaymentApprovedEvent(userId, orderId, money("80.00"), money("420.00")));

    commandGateway.sendAndWait(new RefundPaymentCommand(userId, orderId, "Out of stock"));

    assertThat(accountEvents(userId))
        .filteredOn(PaymentRefundedEvent.class::isInstance)
        .containsExactly(
            new PaymentRefundedEvent(userId, orderId, money("80.00"), money("500.00")));
    awaitBalance(userId, "500.00");
  }

  @Test
  void declinesAPaymentOverTheBalanceAndLeavesTheBalanceAlone() {
    String userId = registeredUser();
    awaitBalance(userId, "500.00");
    String orderId = UUID.randomUUID().toString();

    commandGateway.sendAndWait(new ProcessPaymentCommand(userId, orderId, money("600.00")));

    assertThat(accountEvents(userId))
        .filteredOn(PaymentDeclinedEvent.class::isInstance)
        .containsExactly(
            new PaymentDeclinedEvent(
                userId,
                orderId,
                money("600.00"),
                "Insufficient funds: the order costs 600.00 and your balance is 500.00"));
    // the read model applies events in order: the deposit shows only after the declined payment
    deposit(userId, "{\"amount\": 1.00}");
    awaitBalance(userId, "501.00");
  }

  /**
   * Publishes a registration as the user service's outbox does: its User aggregate's first event,
   * converted for AMQP and sent to the topic exchange with a publisher confirm.
   */
  private String registeredUser() {
    String userId = UUID.randomUUID().toString();
    EventMessage<UserRegisteredEvent> event =
        new GenericDomainEventMessage<>(
            "User",
            userId,
            0L,
            new UserRegisteredEvent(
                userId, "user-" + userId, "Test User", userId + "@example.org", Set.of("USER")));
    AMQPMessage amqp = converter.createAMQPMessage(event);
    MessageProperties properties =
        new DefaultMessagePropertiesConverter()
            .toMessageProperties(amqp.getProperties(), null, "UTF-8");
    properties.setMessageId(event.getIdentifier());
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    properties.setHeader(EventOutbox.ORIGIN_HEADER, "user");
    CorrelationData correlation = new CorrelationData(event.getIdentifier());
    rabbit.send(
        messaging.exchange(),
        EventRouting.routingKeyOf(UserRegisteredEvent.class),
        new Message(amqp.getBody(), properties),
        correlation);
    assertThat(correlation.getFuture())
        .succeedsWithin(WAIT.toSeconds(), TimeUnit.SECONDS)
        .satisfies(confirm -> assertThat(confirm.isAck()).isTrue());
    assertThat(correlation.getReturned()).as("a queue is bound for the event").isNull();
    return userId;
  }

  private List<Object> accountEvents(String accountId) {
    return eventStore
        .readEvents(accountId)
        .asStream()
        .<Object>map(EventMessage::getPayload)
        .toList();
  }

  private ResponseEntity<JsonNode> awaitBalance(String userId, String balance) {
    return await()
        .atMost(WAIT)
        .until(
            () -> get(userId),
            response ->
                response.getStatusCode() == HttpStatus.OK
                    && response.getBody().get("balance").decimalValue().compareTo(money(balance))
                        == 0);
  }

  private ResponseEntity<JsonNode> get(String userId) {
    return rest.exchange(
        "/api/wallet", HttpMethod.GET, new HttpEntity<>(headers(userId)), JsonNode.class);
  }

  private ResponseEntity<JsonNode> deposit(String userId, String json) {
    return rest.exchange(
        "/api/wallet/deposits",
        HttpMethod.POST,
        new HttpEntity<>(json, headers(userId)),
        JsonNode.class);
  }

  private static HttpHeaders headers(String userId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(TestTokens.user(userId));
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  private static void assertProblem(
      ResponseEntity<JsonNode> response, HttpStatus status, String code) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody().get("code").asText()).isEqualTo(code);
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }
}
