package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sagashop.gateway.TestBackend.ReceivedRequest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

class RoutingTest extends GatewayTestSupport {

  @ParameterizedTest
  @CsvSource({
    "/api/users/me, user",
    "/api/auth/tokens, user",
    "/api/products/42/restock, product",
    "/api/orders/7, order",
    "/api/orders?page=2, order"
  })
  void routesEachApiToItsService(String path, String serviceName) {
    String token = Tokens.user();

    client
        .post()
        .uri(path)
        .headers(headers -> headers.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();

    String pathWithoutQuery = path.replaceFirst("\\?.*", "");
    assertThat(service(serviceName).received())
        .containsExactly(new ReceivedRequest("POST", pathWithoutQuery, "Bearer " + token));
    SERVICES.entrySet().stream()
        .filter(entry -> !entry.getKey().equals(serviceName))
        .forEach(entry -> assertThat(entry.getValue().received()).isEmpty());
  }

  @ParameterizedTest
  @CsvSource({
    "/api/admin/order/dead-letters/broker/retry, order, /api/admin/dead-letters/broker/retry",
    "/api/admin/product/dead-letters/product-catalog/retry, product,"
        + " /api/admin/dead-letters/product-catalog/retry",
    "/api/admin/user/dead-letters, user, /api/admin/dead-letters"
  })
  void routesEachServiceDeadLettersToThatService(String path, String serviceName, String target) {
    String token = Tokens.admin();

    client
        .post()
        .uri(path)
        .headers(headers -> headers.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();

    assertThat(service(serviceName).received())
        .containsExactly(new ReceivedRequest("POST", target, "Bearer " + token));
  }

  @Test
  void publishesTheTokenKeysOfTheUserServiceToAnyone() {
    client.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk();

    assertThat(service("user").received())
        .containsExactly(new ReceivedRequest("GET", "/.well-known/jwks.json", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"user", "product", "order"})
  void servesEachServiceApiDocumentUnderItsName(String serviceName) {
    service(serviceName)
        .answer(
            "/v3/api-docs",
            exchange ->
                TestBackend.respond(exchange, 200, "application/json", "{\"openapi\":\"3.1.0\"}"));

    client
        .get()
        .uri("/v3/api-docs/" + serviceName)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.openapi")
        .isEqualTo("3.1.0");

    assertThat(service(serviceName).received())
        .containsExactly(new ReceivedRequest("GET", "/v3/api-docs", null));
  }

  @Test
  void swaggerUiListsTheApiOfEveryService() {
    client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();

    client
        .get()
        .uri("/v3/api-docs/swagger-config")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.urls[*].url")
        .value(
            urls ->
                assertThat(urls)
                    .asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactlyInAnyOrder(
                        "/v3/api-docs/user",
                        "/v3/api-docs/product",
                        "/v3/api-docs/order",
                        "/v3/api-docs/payment",
                        "/v3/api-docs/notification"));
  }

  @Test
  void streamsOrderUpdatesAsTheyHappen() {
    TestBackend order = service("order");
    TestBackend.Release endOfTest = order.untilReset();
    order.answer(
        "/api/orders/7/updates",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream body = exchange.getResponseBody();
          body.write("id:1\nevent:step\ndata:stock reserved\n\n".getBytes(StandardCharsets.UTF_8));
          body.flush();
          // the order goes on; the first step must already be with the client
          endOfTest.await();
          exchange.close();
        });

    ServerSentEvent<String> first =
        client
            .get()
            .uri("/api/orders/7/updates")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .headers(headers -> headers.setBearerAuth(Tokens.user()))
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .getResponseBody()
            .blockFirst(Duration.ofSeconds(10));

    assertThat(first).isNotNull();
    assertThat(first.id()).isEqualTo("1");
    assertThat(first.data()).isEqualTo("stock reserved");
  }

  @Test
  void passesServiceProblemDetailsThroughUnchanged() {
    String problem =
        "{\"type\":\"urn:sagashop:problem:insufficient_stock\",\"title\":\"Unprocessable Entity\","
            + "\"status\":422,\"detail\":\"Only 2 left\",\"code\":\"INSUFFICIENT_STOCK\"}";
    service("order")
        .answer(
            "/api/orders",
            exchange -> TestBackend.respond(exchange, 422, "application/problem+json", problem));

    client
        .post()
        .uri("/api/orders")
        .headers(headers -> headers.setBearerAuth(Tokens.user()))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(String.class)
        .isEqualTo(problem);
  }

  @ParameterizedTest
  @CsvSource({
    "POST, /spring-command-bus-connector/command",
    "GET, /member-capabilities",
    "GET, /api/../actuator/env",
    "GET, /api/orders/../../actuator/env",
    "POST, /api/orders/../../spring-command-bus-connector/command",
    "GET, /api/orders/..%2F..%2Factuator%2Fenv",
    "GET, /api/orders/%2e%2e/%2e%2e/member-capabilities",
    "GET, /api/orders/..;/..;/actuator/env",
    "GET, /api/products/..%5C..%5Cactuator%5Cenv",
    "GET, /api/orders//actuator/env"
  })
  void neverReachesInternalEndpoints(String method, String path) {
    client
        .method(HttpMethod.valueOf(method))
        .uri(raw(path))
        .headers(headers -> headers.setBearerAuth(Tokens.user()))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("There is nothing at this address.");

    assertThat(noServiceWasCalled()).isTrue();
  }
}
