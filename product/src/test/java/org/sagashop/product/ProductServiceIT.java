package org.sagashop.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.product.command.ReleaseStockCommand;
import org.sagashop.coreapi.product.command.ReserveStockCommand;
import org.sagashop.coreapi.product.event.ProductCreatedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;
import org.sagashop.platform.test.ServiceIntegrationTest;
import org.sagashop.platform.test.TestTokens;
import org.sagashop.product.query.ProductCatalogProjection;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
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

/**
 * The product service whole, against the real PostgreSQL and RabbitMQ, driven over HTTP as a client
 * would. The service's file of the config repo is imported so that the public paths under test are
 * the ones the service runs with.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "spring.config.import=file:../infra/config-repo/product.yml")
class ProductServiceIT {

  private static final String EVENTS_EXCHANGE = "sagashop-it.events";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  @Autowired private TestRestTemplate http;
  @Autowired private CommandGateway commandGateway;
  @Autowired private AmqpAdmin amqpAdmin;
  @Autowired private RabbitTemplate rabbit;
  @Autowired private JdbcTemplate jdbc;
  @Autowired private EventProcessingConfiguration eventProcessing;

  private final String admin = TestTokens.admin(UUID.randomUUID().toString());
  private final String user = TestTokens.user(UUID.randomUUID().toString());
  private String eventTap;

  @AfterEach
  void removeEventTap() {
    if (eventTap != null) {
      amqpAdmin.deleteQueue(eventTap);
    }
  }

  @Test
  void adminCreatesProductThatAnyoneCanThenSee() {
    String name = uniqueName("Blue Mug");
    ResponseEntity<String> created =
        post(
            "/api/products",
            admin,
            Map.of(
                "name",
                name,
                "description",
                "Holds coffee",
                "price",
                new BigDecimal("12.5"),
                "initialStock",
                10));

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String productId = json(created).get("productId").asText();
    assertThat(created.getHeaders().getLocation()).hasToString("/api/products/" + productId);

    JsonNode listed = awaitListedStock(productId, 10);
    assertThat(listed.get("name").asText()).isEqualTo(name);
    assertThat(listed.get("description").asText()).isEqualTo("Holds coffee");
    assertThat(listed.get("price").decimalValue()).isEqualTo(new BigDecimal("12.50"));

    ResponseEntity<String> single = get("/api/products/" + productId, null);
    assertThat(single.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json(single)).isEqualTo(listed);
  }

  @Test
  void catalogParksFailingEventsInADeadLetterQueue() {
    assertThat(eventProcessing.deadLetterQueue(ProductCatalogProjection.PROCESSING_GROUP))
        .isPresent();
  }

  @Test
  void unknownProductIsNotFound() {
    ResponseEntity<String> response = get("/api/products/" + UUID.randomUUID(), null);

    assertProblem(response, HttpStatus.NOT_FOUND, "PRODUCT_NOT_FOUND");
  }

  @Test
  void malformedProductIdIsRefusedWithItsReasonAndChangesNothing() {
    long before = productsCreatedSoFar();

    for (String id : new String[] {"42", "' OR 1=1 --", "aaaa-bbbb"}) {
      JsonNode read =
          assertProblem(
              get("/api/products/" + id, null), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
      assertThat(read.get("errors").get(0).get("field").asText()).isEqualTo("productId");
      assertThat(read.get("errors").get(0).get("reason").asText())
          .isEqualTo("must be an id (a UUID)");
      assertProblem(
          post("/api/products/" + id + "/restock", admin, Map.of("quantity", 5)),
          HttpStatus.BAD_REQUEST,
          "VALIDATION_FAILED");
    }
    assertThat(productsCreatedSoFar()).isEqualTo(before);
  }

  @Test
  void userMayNotCreateProducts() {
    long before = productsCreatedSoFar();

    ResponseEntity<String> response = post("/api/products", user, validProduct());

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(productsCreatedSoFar()).isEqualTo(before);
  }

  @Test
  void anonymousCallerMayNotCreateProducts() {
    ResponseEntity<String> response = post("/api/products", null, validProduct());

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void invalidProductIsRefusedFieldByFieldAndCreatesNothing() {
    long before = productsCreatedSoFar();

    ResponseEntity<String> response =
        post(
            "/api/products",
            admin,
            Map.of(
                "name",
                " ",
                "description",
                "",
                "price",
                new BigDecimal("1.234"),
                "initialStock",
                -1));

    JsonNode problem = assertProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertThat(StreamSupport.stream(problem.get("errors").spliterator(), false))
        .extracting(error -> error.get("field").asText())
        .containsExactlyInAnyOrder("name", "price", "initialStock");
    assertThat(productsCreatedSoFar()).isEqualTo(before);
  }

  @Test
  void unreadableBodyIsRefusedAndCreatesNothing() {
    long before = productsCreatedSoFar();

    ResponseEntity<String> response =
        post("/api/products", admin, Map.of("name", "Blue Mug", "price", "twelve"));

    assertProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
    assertThat(productsCreatedSoFar()).isEqualTo(before);
  }

  @Test
  void adminRestocksProductAndGetsTheNewStock() {
    String productId = createProduct(10);

    ResponseEntity<String> response =
        post("/api/products/" + productId + "/restock", admin, Map.of("quantity", 5));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json(response).get("productId").asText()).isEqualTo(productId);
    assertThat(json(response).get("availableStock").asInt()).isEqualTo(15);
    awaitListedStock(productId, 15);
  }

  @Test
  void restockIsRefusedForUsersBadQuantitiesAndUnknownProducts() {
    String productId = createProduct(10);

    assertThat(
            post("/api/products/" + productId + "/restock", user, Map.of("quantity", 5))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertProblem(
        post("/api/products/" + productId + "/restock", admin, Map.of("quantity", 0)),
        HttpStatus.BAD_REQUEST,
        "VALIDATION_FAILED");
    assertProblem(
        post("/api/products/" + UUID.randomUUID() + "/restock", admin, Map.of("quantity", 5)),
        HttpStatus.NOT_FOUND,
        "PRODUCT_NOT_FOUND");
    assertThat(json(get("/api/products/" + productId, null)).get("availableStock").asInt())
        .isEqualTo(10);
  }

  @Test
  void reservationAndReleaseMoveTheCatalogStockAndTheReservationIsPublished() {
    eventTap = amqpAdmin.declareQueue().getName();
    amqpAdmin.declareBinding(
        new Binding(eventTap, Binding.DestinationType.QUEUE, EVENTS_EXCHANGE, "product.#", null));
    String productId = createProduct(10);
    String orderId = UUID.randomUUID().toString();

    commandGateway.sendAndWait(new ReserveStockCommand(productId, orderId, 3));
    awaitListedStock(productId, 7);

    Message published =
        await().atMost(PATIENCE).until(() -> nextEventAbout(orderId), Objects::nonNull);
    assertThat(published.getMessageProperties().getReceivedRoutingKey())
        .isEqualTo("product.StockReservedEvent");
    assertThat(published.getMessageProperties().<String>getHeader("axon-message-type"))
        .isEqualTo(StockReservedEvent.class.getName());
    JsonNode reserved = json(new String(published.getBody()));
    assertThat(reserved.get("productId").asText()).isEqualTo(productId);
    assertThat(reserved.get("quantity").asInt()).isEqualTo(3);
    assertThat(reserved.get("availableStock").asInt()).isEqualTo(7);

    commandGateway.sendAndWait(new ReleaseStockCommand(productId, orderId, "Payment declined"));
    awaitListedStock(productId, 10);
  }

  private Message nextEventAbout(String orderId) {
    Message message = rabbit.receive(eventTap);
    if (message == null || !new String(message.getBody()).contains(orderId)) {
      return null;
    }
    return message;
  }

  private String createProduct(int initialStock) {
    ResponseEntity<String> created =
        post(
            "/api/products",
            admin,
            Map.of(
                "name",
                uniqueName("Teapot"),
                "price",
                new BigDecimal("30.00"),
                "initialStock",
                initialStock));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String productId = json(created).get("productId").asText();
    awaitListedStock(productId, initialStock);
    return productId;
  }

  /** Waits until the public catalog list shows the product with this stock, and returns it. */
  private JsonNode awaitListedStock(String productId, int availableStock) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                StreamSupport.stream(json(listProducts()).spliterator(), false)
                    .filter(product -> product.path("productId").asText().equals(productId))
                    .filter(product -> product.get("availableStock").asInt() == availableStock)
                    .findFirst()
                    .orElse(null),
            Objects::nonNull);
  }

  private ResponseEntity<String> listProducts() {
    ResponseEntity<String> response = get("/api/products", null);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response;
  }

  private long productsCreatedSoFar() {
    Long count =
        jdbc.queryForObject(
            "select count(*) from domain_event_entry where payload_type = ?",
            Long.class,
            ProductCreatedEvent.class.getName());
    return count == null ? 0 : count;
  }

  private static Map<String, Object> validProduct() {
    return Map.of("name", uniqueName("Saucer"), "price", new BigDecimal("4.99"), "initialStock", 1);
  }

  private static String uniqueName(String name) {
    return name + " " + UUID.randomUUID();
  }

  private static JsonNode assertProblem(
      ResponseEntity<String> response, HttpStatus status, String code) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json(response);
    assertThat(problem.get("code").asText()).isEqualTo(code);
    assertThat(problem.get("detail").asText()).isNotBlank();
    return problem;
  }

  private ResponseEntity<String> get(String path, String token) {
    return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(token)), String.class);
  }

  private ResponseEntity<String> post(String path, String token, Object body) {
    return http.exchange(
        path, HttpMethod.POST, new HttpEntity<>(body, headers(token)), String.class);
  }

  private static HttpHeaders headers(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (token != null) {
      headers.setBearerAuth(token);
    }
    return headers;
  }

  private static JsonNode json(ResponseEntity<String> response) {
    return json(response.getBody());
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Not JSON: " + body, e);
    }
  }
}
