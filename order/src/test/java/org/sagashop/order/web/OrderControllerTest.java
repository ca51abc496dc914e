package org.sagashop.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.order.client.BuyerProfile;
import org.sagashop.order.client.BuyerProfiles;
import org.sagashop.order.command.PlaceOrderCommand;
import org.sagashop.order.placement.OrderPlacement;
import org.sagashop.order.placement.OrderRequests;
import org.sagashop.order.query.CatalogProduct;
import org.sagashop.order.query.FindCatalogProductsQuery;
import org.sagashop.order.query.FindOrderQuery;
import org.sagashop.order.query.FindOrdersOfUserQuery;
import org.sagashop.order.query.OrderPage;
import org.sagashop.order.query.OrderStatus;
import org.sagashop.order.query.OrderSummary;
import org.sagashop.platform.security.SecurityConfiguration;
import org.sagashop.platform.test.TestTokens;
import org.sagashop.platform.web.ApiExceptionHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcPrint;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@WebMvcTest(OrderController.class)
// No request/response dump: Spring Boot's writes one for every request, iterating the response's
// headers on the test's thread while an update stream's first event sets them on another one; it
// failed capsTheUpdateStreamsOneUserHasOpenAtOnce with a ConcurrentModificationException in
// PrintingResultHandler.getResponseHeaders (CI run at d05c15e)
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
@Import({
  OrderPlacement.class,
  OrderUpdateStreams.class,
  SecurityConfiguration.class,
  ApiExceptionHandler.class
})
@TestPropertySource(properties = TestTokens.JWK_SET_PROPERTY)
class OrderControllerTest {

  private static final String USER = "7b0e3f52-6f0c-4a43-9a39-0d7c1c1e4c11";
  private static final String MUG = "3f1c2b7a-1d2e-4c5b-8a9f-0e1d2c3b4a59";
  private static final String ORDER = "5d2f8a61-0c3b-4e7d-9f1a-2b3c4d5e6f70";
  private static final String TEA = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
  private static final String TOKEN = TestTokens.user(USER);
  private static final String ORDER_JSON =
      "{\"items\":[{\"productId\":\"" + MUG + "\",\"quantity\":2}]}";

  @Autowired private MockMvc mvc;
  @MockitoBean private CommandGateway commands;
  @MockitoBean private QueryGateway queries;
  @MockitoBean private BuyerProfiles buyers;
  @MockitoBean private OrderRequests requests;
  @MockitoBean private TransactionTemplate transactions;

  @BeforeEach
  void setUp() {
    doReturn(
            CompletableFuture.completedFuture(
                List.of(new CatalogProduct(MUG, "Blue Mug", new BigDecimal("12.50")))))
        .when(queries)
        .query(any(FindCatalogProductsQuery.class), any(ResponseType.class));
    // the order's read model answers at once, as the local projection does within milliseconds
    doAnswer(
            call ->
                new DefaultSubscriptionQueryResult<>(
                    Mono.just(
                        Optional.of(
                            new OrderSummary(
                                call.<FindOrderQuery>getArgument(0).orderId(),
                                USER,
                                OrderStatus.PENDING,
                                List.of(),
                                new BigDecimal("25.00"),
                                null,
                                Instant.now(),
                                List.of()))),
                    Flux.empty(),
                    () -> true))
        .when(queries)
        .subscriptionQuery(
            any(FindOrderQuery.class), any(ResponseType.class), any(ResponseType.class));
    doAnswer(
            call ->
                CompletableFuture.completedFuture(
                    Optional.of(
                        summary(
                            call.<FindOrderQuery>getArgument(0).orderId(), OrderStatus.PENDING))))
        .when(queries)
        .query(any(FindOrderQuery.class), any(ResponseType.class));
    when(buyers.currentBuyer(anyString()))
        .thenReturn(new BuyerProfile(USER, "ada", "Ada", "ada@example.org"));
    when(transactions.execute(any()))
        .thenAnswer(
            call ->
                call.<TransactionCallback<?>>getArgument(0)
                    .doInTransaction(mock(TransactionStatus.class)));
  }

  @Test
  void placesPricedOrderForTheCallerAndAnswersAccepted() throws Exception {
    String location =
        place(ORDER_JSON, null)
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.status").value("PENDING"))
            .andReturn()
            .getResponse()
            .getHeader("Location");

    ArgumentCaptor<PlaceOrderCommand> sent = ArgumentCaptor.forClass(PlaceOrderCommand.class);
    verify(commands).sendAndWait(sent.capture());
    PlaceOrderCommand command = sent.getValue();
    assertThat(location).isEqualTo("/api/orders/" + command.orderId());
    assertThat(command.userId()).isEqualTo(USER);
    assertThat(command.lines())
        .containsExactly(new OrderLine(MUG, "Blue Mug", 2, new BigDecimal("12.50")));
    verify(buyers).currentBuyer("Bearer " + TOKEN);
  }

  @Test
  void answersRepeatedRequestWithTheSameOrder() throws Exception {
    place(ORDER_JSON, "key-1").andExpect(status().isAccepted());
    ArgumentCaptor<String> fingerprint = ArgumentCaptor.forClass(String.class);
    ArgumentCaptor<String> orderId = ArgumentCaptor.forClass(String.class);
    verify(requests).claim(eq(USER), eq("key-1"), fingerprint.capture(), orderId.capture());
    when(requests.find(USER, "key-1"))
        .thenReturn(
            Optional.of(new OrderRequests.Earlier(fingerprint.getValue(), orderId.getValue())));

    place(ORDER_JSON, "key-1")
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.orderId").value(orderId.getValue()))
        .andExpect(header().string("Location", "/api/orders/" + orderId.getValue()));

    verify(commands, times(1)).sendAndWait(any());
    verify(buyers, times(1)).currentBuyer(anyString());
  }

  @Test
  void answersARepeatWithTheOrdersCurrentStatus() throws Exception {
    place(ORDER_JSON, "key-1").andExpect(status().isAccepted());
    ArgumentCaptor<String> fingerprint = ArgumentCaptor.forClass(String.class);
    verify(requests).claim(eq(USER), eq("key-1"), fingerprint.capture(), anyString());
    when(requests.find(USER, "key-1"))
        .thenReturn(Optional.of(new OrderRequests.Earlier(fingerprint.getValue(), ORDER)));
    readModelShows(summary(ORDER, OrderStatus.COMPLETED));

    place(ORDER_JSON, "key-1")
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.orderId").value(ORDER))
        .andExpect(jsonPath("$.status").value("COMPLETED"));
  }

  @Test
  void placesTheSameOrderAgainWhenTheKeysRecordWasLost() throws Exception {
    place(ORDER_JSON, "key-1").andExpect(status().isAccepted());
    place(ORDER_JSON, "key-1").andExpect(status().isAccepted());

    ArgumentCaptor<PlaceOrderCommand> sent = ArgumentCaptor.forClass(PlaceOrderCommand.class);
    verify(commands, times(2)).sendAndWait(sent.capture());
    assertThat(sent.getAllValues().get(1).orderId())
        .isEqualTo(sent.getAllValues().get(0).orderId());
  }

  @Test
  void placesDifferentOrdersForDifferentKeysAndBuyers() throws Exception {
    place(ORDER_JSON, "key-1").andExpect(status().isAccepted());
    place(ORDER_JSON, "key-2").andExpect(status().isAccepted());
    place(ORDER_JSON, null).andExpect(status().isAccepted());

    ArgumentCaptor<PlaceOrderCommand> sent = ArgumentCaptor.forClass(PlaceOrderCommand.class);
    verify(commands, times(3)).sendAndWait(sent.capture());
    assertThat(sent.getAllValues()).extracting(PlaceOrderCommand::orderId).doesNotHaveDuplicates();
  }

  @Test
  void answersConcurrentRepeatWithTheOrderThatWon() throws Exception {
    when(requests.claim(eq(USER), eq("key-1"), anyString(), anyString()))
        .thenAnswer(
            call -> Optional.of(new OrderRequests.Earlier(call.getArgument(2), "first-order")));

    place(ORDER_JSON, "key-1")
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.orderId").value("first-order"));

    verify(commands, never()).sendAndWait(any());
  }

  @Test
  void refusesKeyReusedForDifferentRequest() throws Exception {
    when(requests.find(USER, "key-1"))
        .thenReturn(Optional.of(new OrderRequests.Earlier("another-request", "first-order")));

    place(ORDER_JSON, "key-1")
        .andExpect(status().isUnprocessableEntity())
        .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
        .andExpect(jsonPath("$.type").value("urn:sagashop:problem:idempotency_key_reused"));

    verify(commands, never()).sendAndWait(any());
  }

  @Test
  void refusesBlankIdempotencyKey() throws Exception {
    place(ORDER_JSON, " ")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
        .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
  }

  @Test
  void refusesSameProductListedTwice() throws Exception {
    place(
            "{\"items\":[{\"productId\":\""
                + MUG
                + "\",\"quantity\":1},{\"productId\":\""
                + MUG.toUpperCase()
                + "\",\"quantity\":2}]}",
            null)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("items[1].productId"));

    verify(commands, never()).sendAndWait(any());
  }

  @Test
  void refusesUnknownProductNamingIt() throws Exception {
    place(
            "{\"items\":[{\"productId\":\""
                + MUG
                + "\",\"quantity\":1},{\"productId\":\""
                + TEA
                + "\",\"quantity\":2}]}",
            null)
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.code").value("PRODUCT_NOT_FOUND"))
        .andExpect(jsonPath("$.detail").value("Product " + TEA + " does not exist."));

    verify(buyers, never()).currentBuyer(anyString());
    verify(commands, never()).sendAndWait(any());
  }

  @Test
  void answersServiceUnavailableWhileUserCircuitIsOpen() throws Exception {
    when(buyers.currentBuyer(anyString()))
        .thenThrow(
            CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults("user")));

    place(ORDER_JSON, "key-1")
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.code").value("SERVICE_UNAVAILABLE"))
        .andExpect(jsonPath("$.detail").value(OrderPlacement.USER_SERVICE_UNAVAILABLE));

    verify(requests, never()).claim(any(), any(), any(), any());
    verify(commands, never()).sendAndWait(any());
  }

  @Test
  void refusesWhenUserServiceNamesAnotherAccount() throws Exception {
    when(buyers.currentBuyer(anyString()))
        .thenReturn(new BuyerProfile("someone-else", "bob", "Bob", "bob@example.org"));

    place(ORDER_JSON, null)
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.code").value("USER_NOT_FOUND"));

    verify(commands, never()).sendAndWait(any());
  }

  @Test
  void listsTheCallersOrdersFiftyAtATimeByDefault() throws Exception {
    doReturn(
            CompletableFuture.completedFuture(
                new OrderPage(List.of(summary(ORDER, OrderStatus.PENDING)), false)))
        .when(queries)
        .query(eq(new FindOrdersOfUserQuery(USER, 0, 50)), any(ResponseType.class));

    mvc.perform(get("/api/orders").header("Authorization", "Bearer " + TOKEN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].orderId").value(ORDER))
        .andExpect(header().doesNotExist("Link"));
  }

  @Test
  void pointsToTheNextPageWhenThereIsOne() throws Exception {
    doReturn(
            CompletableFuture.completedFuture(
                new OrderPage(List.of(summary(ORDER, OrderStatus.COMPLETED)), true)))
        .when(queries)
        .query(eq(new FindOrdersOfUserQuery(USER, 3, 1)), any(ResponseType.class));

    mvc.perform(
            get("/api/orders")
                .param("page", "3")
                .param("limit", "1")
                .header("Authorization", "Bearer " + TOKEN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(1))
        .andExpect(header().string("Link", "</api/orders?page=4&limit=1>; rel=\"next\""));
  }

  @Test
  void refusesAPageOrPageSizeOutOfBoundsWithoutAskingTheReadModel() throws Exception {
    for (String[] parameters :
        new String[][] {
          {"limit", "0"},
          {"limit", "201"},
          {"limit", "many"},
          {"limit", "0x10"},
          {"page", "-1"},
          {"page", "10001"},
          {"page", "one"}
        }) {
      mvc.perform(
              get("/api/orders")
                  .param(parameters[0], parameters[1])
                  .header("Authorization", "Bearer " + TOKEN))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[0].field").value(parameters[0]));
    }
    verify(queries, never()).query(any(FindOrdersOfUserQuery.class), any(ResponseType.class));
  }

  @Test
  void showsOrderOnlyToItsBuyer() throws Exception {
    OrderSummary order =
        new OrderSummary(
            ORDER,
            "someone-else",
            OrderStatus.PENDING,
            List.of(),
            BigDecimal.TEN,
            null,
            Instant.now(),
            List.of());
    doReturn(CompletableFuture.completedFuture(Optional.of(order)))
        .when(queries)
        .query(eq(new FindOrderQuery(ORDER)), any(ResponseType.class));

    mvc.perform(get("/api/orders/" + ORDER).header("Authorization", "Bearer " + TOKEN))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.code").value("ORDER_NOT_FOUND"));
  }

  @Test
  void answersOnceTheReadModelHasTheOrderWhicheverInstanceProjectedIt() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    doAnswer(
            call ->
                CompletableFuture.completedFuture(
                    reads.incrementAndGet() < 3
                        ? Optional.empty()
                        : Optional.of(
                            summary(
                                call.<FindOrderQuery>getArgument(0).orderId(),
                                OrderStatus.PENDING))))
        .when(queries)
        .query(any(FindOrderQuery.class), any(ResponseType.class));

    place(ORDER_JSON, null).andExpect(status().isAccepted());

    assertThat(reads).hasValue(3);
  }

  @Test
  void streamsAChangeThatAnotherInstanceProjected() throws Exception {
    doReturn(
            new DefaultSubscriptionQueryResult<>(
                Mono.just(Optional.of(summary(ORDER, OrderStatus.PENDING))),
                Flux.never(),
                () -> true))
        .when(queries)
        .subscriptionQuery(
            eq(new FindOrderQuery(ORDER)), any(ResponseType.class), any(ResponseType.class));
    readModelShows(summary(ORDER, OrderStatus.COMPLETED));

    MvcResult stream =
        mvc.perform(
                get("/api/orders/" + ORDER + "/updates")
                    .header("Authorization", "Bearer " + TOKEN)
                    .accept(MediaType.TEXT_EVENT_STREAM))
            .andExpect(request().asyncStarted())
            .andReturn();
    stream.getAsyncResult(TimeUnit.SECONDS.toMillis(30));

    assertThat(stream.getResponse().getContentAsString())
        .contains("\"status\":\"PENDING\"")
        .contains("\"status\":\"COMPLETED\"");
  }

  /** Each open stream holds a connection, a subscription and a timer: a user gets a few. */
  @Test
  void capsTheUpdateStreamsOneUserHasOpenAtOnce() throws Exception {
    String streamer = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
    String order = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a";
    OrderSummary pending =
        new OrderSummary(
            order,
            streamer,
            OrderStatus.PENDING,
            List.of(),
            BigDecimal.TEN,
            null,
            Instant.now(),
            List.of());
    doAnswer(
            call ->
                new DefaultSubscriptionQueryResult<>(
                    Mono.just(Optional.of(pending)), Flux.never(), () -> true))
        .when(queries)
        .subscriptionQuery(
            eq(new FindOrderQuery(order)), any(ResponseType.class), any(ResponseType.class));
    readModelShows(pending);
    String token = TestTokens.user(streamer);

    for (int i = 0; i < OrderUpdateStreams.MAX_PER_USER; i++) {
      mvc.perform(
              get("/api/orders/" + order + "/updates")
                  .header("Authorization", "Bearer " + token)
                  .accept(MediaType.TEXT_EVENT_STREAM))
          .andExpect(request().asyncStarted());
    }

    mvc.perform(
            get("/api/orders/" + order + "/updates")
                .header("Authorization", "Bearer " + token)
                .accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Content-Type", "application/problem+json"));
  }

  @Test
  void refusesAMalformedOrderIdWithoutAskingTheReadModel() throws Exception {
    for (String path :
        List.of("/api/orders/order-1", "/api/orders/' OR 1=1 --", "/api/orders/x/updates")) {
      mvc.perform(get(path).header("Authorization", "Bearer " + TOKEN))
          .andExpect(status().isBadRequest())
          .andExpect(header().string("Content-Type", "application/problem+json"))
          .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
          .andExpect(jsonPath("$.errors[0].field").value("orderId"))
          .andExpect(jsonPath("$.errors[0].reason").value("must be an id (a UUID)"));
    }

    verifyNoInteractions(queries);
  }

  @Test
  void requiresAnAccessToken() throws Exception {
    mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER_JSON))
        .andExpect(status().isUnauthorized());

    verify(commands, never()).sendAndWait(any());
  }

  private void readModelShows(OrderSummary order) {
    doReturn(CompletableFuture.completedFuture(Optional.of(order)))
        .when(queries)
        .query(eq(new FindOrderQuery(order.orderId())), any(ResponseType.class));
  }

  private static OrderSummary summary(String orderId, OrderStatus status) {
    return new OrderSummary(
        orderId, USER, status, List.of(), new BigDecimal("25.00"), null, Instant.now(), List.of());
  }

  private ResultActions place(String json, String idempotencyKey) throws Exception {
    var request =
        post("/api/orders")
            .header("Authorization", "Bearer " + TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json);
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return mvc.perform(request);
  }
}
