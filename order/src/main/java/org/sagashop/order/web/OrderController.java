package org.sagashop.order.web;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.order.placement.OrderPlacement;
import org.sagashop.order.placement.PlacedOrder;
import org.sagashop.order.query.FindOrderQuery;
import org.sagashop.order.query.FindOrdersOfUserQuery;
import org.sagashop.order.query.OrderPage;
import org.sagashop.order.query.OrderSummary;
import org.sagashop.platform.security.CurrentUser;
import org.sagashop.platform.web.PageRequest;
import org.sagashop.platform.web.Problems;
import org.sagashop.platform.web.ResourceId;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Placing orders, and following them: the buyer sees only their own orders. */
@RestController
@RequestMapping("/api/orders")
public class OrderController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_IDEMPOTENCY_KEY_LENGTH = 100;
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
  static final Duration UPDATES_RECHECK = Duration.ofMillis(500);

  private final OrderPlacement placement;
  private final QueryGateway queries;
  private final OrderUpdateStreams streams;

  public OrderController(
      OrderPlacement placement, QueryGateway queries, OrderUpdateStreams streams) {
    this.placement = placement;
    this.queries = queries;
    this.streams = streams;
  }

  @PostMapping
  public ResponseEntity<PlaceOrderResponse> place(
      @Valid @RequestBody PlaceOrderRequest request,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
      @AuthenticationPrincipal Jwt jwt) {
    requireValidKey(idempotencyKey);
    PlacedOrder placed =
        placement.place(
            CurrentUser.of(jwt).userId(),
            "Bearer " + jwt.getTokenValue(),
            quantitiesOf(request),
            idempotencyKey);
    return ResponseEntity.accepted()
        .location(URI.create("/api/orders/" + placed.orderId()))
        .body(new PlaceOrderResponse(placed.orderId(), placed.status()));
  }

  /** The caller's orders, newest first, a page at a time (see {@link PageRequest}). */
  @GetMapping
  public ResponseEntity<List<OrderSummary>> mine(
      @Valid @ParameterObject PageRequest page, @AuthenticationPrincipal Jwt jwt) {
    OrderPage orders =
        queries
            .query(
                new FindOrdersOfUserQuery(
                    CurrentUser.of(jwt).userId(), page.pageOrFirst(), page.limitOrDefault()),
                ResponseTypes.instanceOf(OrderPage.class))
            .orTimeout(QUERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join();
    return page.answer("/api/orders", orders.orders(), orders.more());
  }

  @GetMapping("/{orderId}")
  public OrderSummary one(
      @PathVariable @ResourceId String orderId, @AuthenticationPrincipal Jwt jwt) {
    Optional<OrderSummary> order =
        queries
            .query(
                new FindOrderQuery(orderId), ResponseTypes.optionalInstanceOf(OrderSummary.class))
            .orTimeout(QUERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join();
    return ownedBy(order, CurrentUser.of(jwt), orderId);
  }

  /**
   * The order's current state, then one event per change, until the order is completed or
   * cancelled. Changes come from the subscription, at once when this instance projects the order,
   * and from reading the read model again every {@link #UPDATES_RECHECK}, which also sees what
   * another instance of this service projected. The subscription is closed when the stream ends or
   * the client goes away. A user has at most {@link OrderUpdateStreams#MAX_PER_USER} streams open
   * on one instance.
   */
  @GetMapping(path = "/{orderId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<OrderSummary>> updates(
      @PathVariable @ResourceId String orderId, @AuthenticationPrincipal Jwt jwt) {
    String userId = CurrentUser.of(jwt).userId();
    streams.open(userId);
    SubscriptionQueryResult<Optional<OrderSummary>, OrderSummary> subscription;
    try {
      subscription =
          queries.subscriptionQuery(
              new FindOrderQuery(orderId),
              ResponseTypes.optionalInstanceOf(OrderSummary.class),
              ResponseTypes.instanceOf(OrderSummary.class));
    } catch (RuntimeException failed) {
      streams.close(userId);
      throw failed;
    }
    OrderSummary current;
    try {
      Optional<OrderSummary> initial =
          subscription.initialResult().blockOptional(QUERY_TIMEOUT).flatMap(Function.identity());
      current = ownedBy(initial, CurrentUser.of(jwt), orderId);
    } catch (RuntimeException refused) {
      subscription.cancel();
      streams.close(userId);
      throw refused;
    }
    Flux<OrderSummary> rechecked =
        Flux.interval(UPDATES_RECHECK)
            .concatMap(
                tick ->
                    Mono.fromFuture(
                            queries.query(
                                new FindOrderQuery(orderId),
                                ResponseTypes.optionalInstanceOf(OrderSummary.class)))
                        .flatMap(Mono::justOrEmpty));
    return Flux.concat(Flux.just(current), Flux.merge(subscription.updates(), rechecked))
        .distinctUntilChanged(order -> order.status() + "/" + order.timeline().size())
        .takeUntil(order -> order.status().isFinal())
        .map(order -> ServerSentEvent.builder(order).event("order").build())
        .doFinally(
            signal -> {
              subscription.cancel();
              streams.close(userId);
            });
  }

  private static OrderSummary ownedBy(
      Optional<OrderSummary> order, CurrentUser caller, String orderId) {
    return order
        .filter(found -> found.userId().equals(caller.userId()))
        .orElseThrow(
            () -> problem(ErrorCode.ORDER_NOT_FOUND, "Order " + orderId + " was not found."));
  }

  private static void requireValidKey(String idempotencyKey) {
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw invalid(
          IDEMPOTENCY_KEY,
          "must be between 1 and " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters, not blank");
    }
  }

  /** How many of each product, in the request's order; a product listed twice is refused. */
  private static Map<String, Integer> quantitiesOf(PlaceOrderRequest request) {
    Map<String, Integer> quantities = new LinkedHashMap<>();
    for (int i = 0; i < request.items().size(); i++) {
      OrderItemRequest item = request.items().get(i);
      String productId = productIdOf(item);
      if (quantities.putIfAbsent(productId, item.quantity()) != null) {
        throw invalid(
            "items[" + i + "].productId",
            "product " + productId + " is already listed; order it once with the full quantity");
      }
    }
    return quantities;
  }

  /** Product ids are UUIDs, which the product service writes in lower case. */
  private static String productIdOf(OrderItemRequest item) {
    return item.productId().toLowerCase(Locale.ROOT);
  }

  private static ErrorResponseException invalid(String field, String reason) {
    ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, field + ": " + reason);
    problem.setProperty("errors", List.of(Map.of("field", field, "reason", reason)));
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }

  private static ErrorResponseException problem(ErrorCode code, String detail) {
    return new ErrorResponseException(Problems.statusOf(code), Problems.of(code, detail), null);
  }
}
