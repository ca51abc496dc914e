package org.sagashop.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.coreapi.product.event.ProductCreatedEvent;
import org.sagashop.coreapi.product.event.StockReleasedEvent;
import org.sagashop.order.command.PlaceOrderCommand;
import org.sagashop.order.saga.OrderSaga;
import org.sagashop.platform.messaging.EventInbox;
import org.sagashop.platform.test.ServiceIntegrationTest;
import org.sagashop.platform.test.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order service on its own: no user service and no product service are running, so every order
 * it places meets unreachable services, which is exactly what these tests look at.
 */
@ServiceIntegrationTest
@TestPropertySource(
    properties = {
      "spring.config.import=optional:file:../infra/config-repo/order.yml",
      // the saga retries an unreachable service until the step's deadline: keep the wait short
      "sagashop.order.reservation-timeout=3s",
      "sagashop.order.payment-timeout=3s",
      // and it resends its releases until they are confirmed: keep the waits between short
      "sagashop.order.retry.initial-backoff=200ms",
      "sagashop.order.retry.max-backoff=1s"
    })
class OrderServiceIT {

  private static final String RESERVATION_TIMED_OUT = "Stock could not be reserved in time";

  @Autowired private TestRestTemplate http;
  @Autowired private EventStore eventStore;
  @Autowired private CommandGateway commands;
  @Autowired private JdbcTemplate jdbc;
  @Autowired private TransactionTemplate transactions;
  @Autowired private DeadlineManager deadlines;
  @Autowired private SagaStore<Object> sagaStore;
  @Autowired private TransactionManager axonTransactions;

  @Test
  void refusesOrderAndStoresNothingWhileUserServiceIsDown() {
    ProductCreatedEvent mug = productInCatalog("Blue Mug", "12.50");
    String user = UUID.randomUUID().toString();
    String key = UUID.randomUUID().toString();

    // no timed assertion: how fast the refusal comes depends on how busy the machine is
    ResponseEntity<JsonNode> answer =
        http.exchange(
            "/api/orders",
            HttpMethod.POST,
            request(user, Map.of("items", List.of(item(mug.productId(), 2))), key),
            JsonNode.class);

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(answer.getBody().path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(answer.getBody().path("detail").asText())
        .isEqualTo("The user service is not available right now; please try again shortly.");
    assertThat(ordersPlacedBy(user)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from order_request where user_id = ?", Integer.class, user))
        .isZero();
  }

  @Test
  void refusesInvalidOrdersWithProblemNamingTheField() {
    String user = UUID.randomUUID().toString();
    String product = UUID.randomUUID().toString();

    assertInvalid(user, Map.of("items", List.of()), null, "items");
    assertInvalid(user, Map.of("items", List.of(item(product, 0))), null, "items[0].quantity");
    assertInvalid(user, Map.of("items", List.of(item(product, 1001))), null, "items[0].quantity");
    assertInvalid(
        user, Map.of("items", List.of(item("not-a-uuid", 1))), null, "items[0].productId");
    assertInvalid(
        user,
        Map.of("items", List.of(item(product, 1), item(product.toUpperCase(), 2))),
        null,
        "items[1].productId");
    assertInvalid(
        user, Map.of("items", List.of(item(product, 1))), "k".repeat(101), "Idempotency-Key");

    ResponseEntity<JsonNode> unknown =
        http.exchange(
            "/api/orders",
            HttpMethod.POST,
            request(user, Map.of("items", List.of(item(product, 1))), null),
            JsonNode.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().path("code").asText()).isEqualTo("PRODUCT_NOT_FOUND");
    assertThat(unknown.getBody().path("detail").asText()).contains(product);
    assertThat(ordersPlacedBy(user)).isZero();
  }

  @Test
  void cancelsOrderWhoseStockCannotBeReservedAndShowsWhy() {
    ProductCreatedEvent mug = productInCatalog("Blue Mug", "12.50");
    String user = UUID.randomUUID().toString();
    String orderId = placeOrder(user, mug, 2);

    JsonNode order =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> order(user, orderId),
                found -> found != null && "CANCELLED".equals(found.path("status").asText()));

    assertThat(order.path("userId").asText()).isEqualTo(user);
    assertThat(order.path("total").decimalValue()).isEqualByComparingTo("25.00");
    assertThat(order.path("cancellationReason").asText()).isEqualTo(RESERVATION_TIMED_OUT);
    assertThat(order.path("items").get(0).path("productName").asText()).isEqualTo("Blue Mug");
    assertThat(order.path("items").get(0).path("lineTotal").decimalValue())
        .isEqualByComparingTo("25.00");
    assertThat(order.path("timeline").findValuesAsText("step"))
        .containsExactly("placed", "cancelled");
    assertThat(order.path("timeline").get(1).path("detail").asText())
        .isEqualTo("Order cancelled: " + RESERVATION_TIMED_OUT);
    // with no product service the release cannot be confirmed: the saga keeps resending it
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sagaAssociations(orderId)).isPositive());
    stockReleased(mug, orderId, 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sagaAssociations(orderId)).isZero());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.queryForObject(
                            // job data is serialized Java: search its bytes, not its text
                            "select count(*) from scheduled_tasks"
                                + " where position(convert_to(?, 'UTF8') in task_data) > 0",
                            Integer.class,
                            orderId))
                    .as("no deadline of the ended saga stays behind")
                    .isZero());

    ResponseEntity<List<JsonNode>> mine =
        http.exchange(
            "/api/orders",
            HttpMethod.GET,
            new HttpEntity<>(bearer(user)),
            new org.springframework.core.ParameterizedTypeReference<List<JsonNode>>() {});
    assertThat(mine.getBody()).extracting(o -> o.path("orderId").asText()).containsExactly(orderId);
  }

  @Test
  void streamsFinalStateOfOrderAndEnds() {
    ProductCreatedEvent mug = productInCatalog("Blue Mug", "12.50");
    String user = UUID.randomUUID().toString();
    String orderId = placeOrder(user, mug, 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> order(user, orderId),
            found -> found != null && "CANCELLED".equals(found.path("status").asText()));

    HttpHeaders headers = bearer(user);
    headers.setAccept(List.of(MediaType.TEXT_EVENT_STREAM));
    ResponseEntity<String> stream =
        http.exchange(
            "/api/orders/" + orderId + "/updates",
            HttpMethod.GET,
            new HttpEntity<>(headers),
            String.class);

    assertThat(stream.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(stream.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
        .isTrue();
    assertThat(stream.getBody()).contains("event:order").contains("\"status\":\"CANCELLED\"");
  }

  @Test
  void hidesOrderFromAnyoneButItsBuyer() {
    ProductCreatedEvent mug = productInCatalog("Blue Mug", "12.50");
    String buyer = UUID.randomUUID().toString();
    String stranger = UUID.randomUUID().toString();
    String orderId = placeOrder(buyer, mug, 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> order(buyer, orderId) != null);

    ResponseEntity<JsonNode> seen =
        http.exchange(
            "/api/orders/" + orderId,
            HttpMethod.GET,
            new HttpEntity<>(bearer(stranger)),
            JsonNode.class);
    assertThat(seen.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(seen.getBody().path("code").asText()).isEqualTo("ORDER_NOT_FOUND");

    HttpHeaders headers = bearer(stranger);
    headers.setAccept(List.of(MediaType.TEXT_EVENT_STREAM));
    ResponseEntity<String> streamed =
        http.exchange(
            "/api/orders/" + orderId + "/updates",
            HttpMethod.GET,
            new HttpEntity<>(headers),
            String.class);
    assertThat(streamed.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    ResponseEntity<JsonNode> anonymous =
        http.getForEntity("/api/orders/" + orderId, JsonNode.class);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  /**
   * Two instances share the saga store: a deadline on one and an event on the other must not both
   * act on the same state. Whoever loads a saga second waits until the first one's transaction
   * ends.
   */
  @Test
  void letsOneTransactionAtATimeHandleASaga() throws Exception {
    ProductCreatedEvent mug = productInCatalog("Blue Mug", "12.50");
    String orderId = placeOrder(UUID.randomUUID().toString(), mug, 1);
    String sagaId =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    jdbc.queryForList(
                        "select saga_id from association_value_entry where association_value = ?",
                        String.class,
                        orderId),
                ids -> !ids.isEmpty())
            .get(0);
    CountDownLatch firstLoaded = new CountDownLatch(1);
    CountDownLatch firstMayEnd = new CountDownLatch(1);
    AtomicBoolean firstEnded = new AtomicBoolean();
    ExecutorService instances = Executors.newFixedThreadPool(2);
    try {
      Future<?> first =
          instances.submit(
              () ->
                  transactions.executeWithoutResult(
                      status -> {
                        sagaStore.loadSaga(OrderSaga.class, sagaId);
                        firstLoaded.countDown();
                        awaitQuietly(firstMayEnd);
                        firstEnded.set(true);
                      }));
      assertThat(firstLoaded.await(30, TimeUnit.SECONDS)).isTrue();
      Future<Boolean> second =
          instances.submit(
              () ->
                  transactions.execute(
                      status -> {
                        sagaStore.loadSaga(OrderSaga.class, sagaId);
                        return firstEnded.get();
                      }));

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          jdbc.queryForObject(
                              "select count(*) from pg_stat_activity"
                                  + " where wait_event_type = 'Lock' and query like '%saga_entry%'",
                              Integer.class))
                      .as("the second load waits for the first transaction")
                      .isPositive());
      firstMayEnd.countDown();
      first.get(30, TimeUnit.SECONDS);
      assertThat(second.get(30, TimeUnit.SECONDS)).as("loaded after the first ended").isTrue();
    } finally {
      firstMayEnd.countDown();
      instances.shutdownNow();
    }
  }

  @Test
  void keepsDeadlinesInTheDatabaseAndFiresThemFromThere() {
    SagaScopeDescriptor endedSaga =
        new SagaScopeDescriptor(OrderSaga.class.getName(), UUID.randomUUID().toString());

    String cancelled =
        deadlines.schedule(
            Duration.ofHours(1), OrderSaga.RESERVATION_DEADLINE, "an order", endedSaga);
    assertThat(storedDeadlines(cancelled)).isOne();
    deadlines.cancelSchedule(OrderSaga.RESERVATION_DEADLINE, cancelled);
    assertThat(storedDeadlines(cancelled)).isZero();

    String fired =
        deadlines.schedule(
            Duration.ofMillis(200), OrderSaga.PAYMENT_DEADLINE, "an order", endedSaga);
    assertThat(storedDeadlines(fired)).isOne();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(storedDeadlines(fired)).isZero());
  }

  /**
   * Two sagas that schedule and cancel deadlines in transactions open at the same time do not wait
   * for each other: a deadline is a row of its own, not a store-wide lock held until commit.
   */
  @Test
  void deadlinesOfOneSagaDoNotWaitForAnotherSagasTransaction() throws Exception {
    SagaScopeDescriptor saga =
        new SagaScopeDescriptor(OrderSaga.class.getName(), UUID.randomUUID().toString());
    CountDownLatch firstScheduled = new CountDownLatch(1);
    CountDownLatch secondDone = new CountDownLatch(1);
    ExecutorService sagas = Executors.newFixedThreadPool(2);
    try {
      Future<String> first =
          sagas.submit(
              () ->
                  transactions.execute(
                      status -> {
                        String id =
                            deadlines.schedule(
                                Duration.ofHours(1), OrderSaga.RESERVATION_DEADLINE, "a", saga);
                        firstScheduled.countDown();
                        awaitLatch(secondDone);
                        return id;
                      }));
      assertThat(firstScheduled.await(30, TimeUnit.SECONDS)).isTrue();
      Future<String> second =
          sagas.submit(
              () ->
                  transactions.execute(
                      status -> {
                        String id =
                            deadlines.schedule(
                                Duration.ofHours(1), OrderSaga.RESERVATION_DEADLINE, "b", saga);
                        deadlines.cancelSchedule(OrderSaga.RESERVATION_DEADLINE, id);
                        String kept =
                            deadlines.schedule(
                                Duration.ofHours(1), OrderSaga.PAYMENT_DEADLINE, "b", saga);
                        return kept;
                      }));
      // no timing goal: a minute is only how long a lock held by the first transaction would
      // keep the second waiting in this test, which holds it open until the second is done
      String kept = second.get(1, TimeUnit.MINUTES);
      secondDone.countDown();
      String firstId = first.get(1, TimeUnit.MINUTES);
      assertThat(storedDeadlines(kept)).isOne();
      assertThat(storedDeadlines(firstId)).isOne();
      deadlines.cancelSchedule(OrderSaga.PAYMENT_DEADLINE, kept);
      deadlines.cancelSchedule(OrderSaga.RESERVATION_DEADLINE, firstId);
    } finally {
      secondDone.countDown();
      sagas.shutdownNow();
    }
  }

  /**
   * A deadline claimed by the scheduler (its handler about to run, waiting for the saga) cannot be
   * cancelled any more; the saga that tries commits all the same.
   */
  @Test
  void cancellingADeadlineThatIsFiringDoesNotFailTheSaga() {
    SagaScopeDescriptor endedSaga =
        new SagaScopeDescriptor(OrderSaga.class.getName(), UUID.randomUUID().toString());
    String firing =
        deadlines.schedule(Duration.ofHours(1), OrderSaga.PAYMENT_DEADLINE, "an order", endedSaga);
    // what the scheduler writes when it claims a due deadline
    jdbc.update(
        "update scheduled_tasks set picked = true, picked_by = 'another instance',"
            + " last_heartbeat = now(), version = version + 1 where task_instance = ?",
        firing);

    DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
    unitOfWork.attachTransaction(axonTransactions);
    assertThatCode(
            () ->
                unitOfWork.execute(
                    () -> deadlines.cancelSchedule(OrderSaga.PAYMENT_DEADLINE, firing)))
        .as("the saga's unit of work commits")
        .doesNotThrowAnyException();
    assertThat(storedDeadlines(firing)).as("left to its run").isOne();
    jdbc.update("delete from scheduled_tasks where task_instance = ?", firing);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the other transaction never finished");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private int storedDeadlines(String deadlineId) {
    return jdbc.queryForObject(
        "select count(*) from scheduled_tasks where task_instance = ?", Integer.class, deadlineId);
  }

  private void assertInvalid(String user, Object body, String idempotencyKey, String field) {
    ResponseEntity<JsonNode> answer =
        http.exchange(
            "/api/orders", HttpMethod.POST, request(user, body, idempotencyKey), JsonNode.class);
    assertThat(answer.getStatusCode()).as(field).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody().path("code").asText()).isEqualTo("VALIDATION_FAILED");
    assertThat(answer.getBody().path("errors").findValuesAsText("field")).contains(field);
  }

  /** Stores a product's creation in this service's event store, as the inbox would. */
  private ProductCreatedEvent productInCatalog(String name, String price) {
    ProductCreatedEvent created =
        new ProductCreatedEvent(
            UUID.randomUUID().toString(), name, "For the test", new BigDecimal(price), 10);
    transactions.executeWithoutResult(
        status ->
            eventStore.publish(
                new GenericDomainEventMessage<>("Product", created.productId(), 0L, created)
                    .andMetaData(Map.of(EventInbox.RELAYED_FROM, "product"))));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.queryForObject(
                    "select count(*) from order_catalog where product_id = ?",
                    Integer.class,
                    created.productId()),
            count -> count == 1);
    return created;
  }

  /**
   * Stores the product's confirmation of a release in this service's event store, as the inbox
   * would.
   */
  private void stockReleased(ProductCreatedEvent product, String orderId, int quantity) {
    StockReleasedEvent released =
        new StockReleasedEvent(
            product.productId(), orderId, quantity, product.initialStock() + quantity);
    transactions.executeWithoutResult(
        status ->
            eventStore.publish(
                new GenericDomainEventMessage<>("Product", product.productId(), 1L, released)
                    .andMetaData(Map.of(EventInbox.RELAYED_FROM, "product"))));
  }

  private String placeOrder(String user, ProductCreatedEvent product, int quantity) {
    String orderId = UUID.randomUUID().toString();
    commands.sendAndWait(
        new PlaceOrderCommand(
            orderId,
            user,
            List.of(
                new OrderLine(product.productId(), product.name(), quantity, product.price()))));
    return orderId;
  }

  private JsonNode order(String user, String orderId) {
    ResponseEntity<JsonNode> answer =
        http.exchange(
            "/api/orders/" + orderId,
            HttpMethod.GET,
            new HttpEntity<>(bearer(user)),
            JsonNode.class);
    return answer.getStatusCode() == HttpStatus.OK ? answer.getBody() : null;
  }

  private int ordersPlacedBy(String user) {
    return jdbc.queryForObject(
        "select count(*) from domain_event_entry where payload_type = ?"
            + " and convert_from(payload, 'UTF8') like ?",
        Integer.class,
        "org.sagashop.coreapi.order.event.OrderPlacedEvent",
        "%" + user + "%");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int sagaAssociations(String orderId) {
    return jdbc.queryForObject(
        "select count(*) from association_value_entry where association_value = ?",
        Integer.class,
        orderId);
  }

  private static Map<String, Object> item(String productId, int quantity) {
    return Map.of("productId", productId, "quantity", quantity);
  }

  private static HttpEntity<Object> request(String user, Object body, String idempotencyKey) {
    HttpHeaders headers = bearer(user);
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (idempotencyKey != null) {
      headers.set("Idempotency-Key", idempotencyKey);
    }
    return new HttpEntity<>(body, headers);
  }

  private static HttpHeaders bearer(String user) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(TestTokens.user(user));
    return headers;
  }
}
