package org.sagashop.order.web;

import feign.FeignException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.validation.Valid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.order.client.BuyerProfile;
import org.sagashop.order.client.BuyerProfiles;
import org.sagashop.order.command.PlaceOrderCommand;
import org.sagashop.order.query.CatalogProduct;
import org.sagashop.order.query.FindCatalogProductsQuery;
import org.sagashop.order.query.FindOrderQuery;
import org.sagashop.order.query.FindOrdersOfUserQuery;
import org.sagashop.order.query.OrderStatus;
import org.sagashop.order.query.OrderSummary;
import org.sagashop.platform.security.CurrentUser;
import org.sagashop.platform.web.Problems;
import org.sagashop.platform.web.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
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
  static final String USER_SERVICE_UNAVAILABLE =
      "The user service is not available right now; please try again shortly.";
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_MODEL_WAIT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(OrderController.class);

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final BuyerProfiles buyers;
  private final OrderRequests requests;
  private final TransactionTemplate transactions;

  public OrderController(
      CommandGateway commands,
      QueryGateway queries,
      BuyerProfiles buyers,
      OrderRequests requests,
      TransactionTemplate transactions) {
    this.commands = commands;
    this.queries = queries;
    this.buyers = buyers;
    this.requests = requests;
    this.transactions = transactions;
  }

  @PostMapping
  public ResponseEntity<PlaceOrderResponse> place(
      @Valid @RequestBody PlaceOrderRequest request,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
      @AuthenticationPrincipal Jwt jwt) {
    CurrentUser caller = CurrentUser.of(jwt);
    requireValidKey(idempotencyKey);
    requireDistinctProducts(request);
    String fingerprint = fingerprintOf(request);
    if (idempotencyKey != null) {
      Optional<OrderRequests.Earlier> earlier = requests.find(caller.userId(), idempotencyKey);
      if (earlier.isPresent()) {
        return repeated(earlier.get(), fingerprint);
      }
    }
    List<OrderLine> lines = price(request);
    confirmBuyer(caller, jwt);
    String orderId = UUID.randomUUID().toString();
    Optional<OrderRequests.Earlier> concurrent =
        transactions.execute(
            status -> {
              if (idempotencyKey != null) {
                Optional<OrderRequests.Earlier> claimed =
                    requests.claim(caller.userId(), idempotencyKey, fingerprint, orderId);
                if (claimed.isPresent()) {
                  return claimed;
                }
              }
              commands.sendAndWait(new PlaceOrderCommand(orderId, caller.userId(), lines));
              return Optional.empty();
            });
    if (concurrent != null && concurrent.isPresent()) {
      return repeated(concurrent.get(), fingerprint);
    }
    awaitReadModel(orderId);
    return accepted(orderId);
  }

  /**
   * Read-your-writes for the buyer: the order's read model is local and follows within
   * milliseconds, so wait (briefly) until it has the order. The buyer's next read, or the updates
   * stream opened right after this answer, then finds it. Should it take longer, the order is still
   * accepted: it is in the event store and the saga runs regardless.
   */
  private void awaitReadModel(String orderId) {
    SubscriptionQueryResult<Optional<OrderSummary>, OrderSummary> subscription =
        queries.subscriptionQuery(
            new FindOrderQuery(orderId),
            ResponseTypes.optionalInstanceOf(OrderSummary.class),
            ResponseTypes.instanceOf(OrderSummary.class));
    try {
      Flux.concat(subscription.initialResult().flatMap(Mono::justOrEmpty), subscription.updates())
          .next()
          .block(READ_MODEL_WAIT);
    } catch (IllegalStateException slow) {
      log.warn("Order {} is not in the read model after {}", orderId, READ_MODEL_WAIT);
    } finally {
      subscription.cancel();
    }
  }

  @GetMapping
  public List<OrderSummary> mine(@AuthenticationPrincipal Jwt jwt) {
    return queries
        .query(
            new FindOrdersOfUserQuery(CurrentUser.of(jwt).userId()),
            ResponseTypes.multipleInstancesOf(OrderSummary.class))
        .orTimeout(QUERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .join();
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
   * cancelled. The subscription is closed when the stream ends or the client goes away.
   */
  @GetMapping(path = "/{orderId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<OrderSummary>> updates(
      @PathVariable @ResourceId String orderId, @AuthenticationPrincipal Jwt jwt) {
    SubscriptionQueryResult<Optional<OrderSummary>, OrderSummary> subscription =
        queries.subscriptionQuery(
            new FindOrderQuery(orderId),
            ResponseTypes.optionalInstanceOf(OrderSummary.class),
            ResponseTypes.instanceOf(OrderSummary.class));
    OrderSummary current;
    try {
      Optional<OrderSummary> initial =
          subscription.initialResult().blockOptional(QUERY_TIMEOUT).flatMap(Function.identity());
      current = ownedBy(initial, CurrentUser.of(jwt), orderId);
    } catch (RuntimeException refused) {
      subscription.cancel();
      throw refused;
    }
    return Flux.concat(Flux.just(current), subscription.updates())
        .takeUntil(order -> order.status().isFinal())
        .map(order -> ServerSentEvent.builder(order).event("order").build())
        .doFinally(signal -> subscription.cancel());
  }

  private List<OrderLine> price(PlaceOrderRequest request) {
    Set<String> productIds = new LinkedHashSet<>();
    request.items().forEach(item -> productIds.add(productIdOf(item)));
    Map<String, CatalogProduct> catalog =
        queries
            .query(
                new FindCatalogProductsQuery(productIds),
                ResponseTypes.multipleInstancesOf(CatalogProduct.class))
            .orTimeout(QUERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join()
            .stream()
            .collect(Collectors.toMap(CatalogProduct::productId, Function.identity()));
    List<String> unknown = productIds.stream().filter(id -> !catalog.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw problem(
          ErrorCode.PRODUCT_NOT_FOUND,
          unknown.size() == 1
              ? "Product " + unknown.get(0) + " does not exist."
              : "Products " + String.join(", ", unknown) + " do not exist.");
    }
    return request.items().stream()
        .map(
            item -> {
              CatalogProduct product = catalog.get(productIdOf(item));
              return new OrderLine(
                  product.productId(), product.name(), item.quantity(), product.price());
            })
        .toList();
  }

  private void confirmBuyer(CurrentUser caller, Jwt jwt) {
    BuyerProfile buyer;
    try {
      buyer = buyers.currentBuyer("Bearer " + jwt.getTokenValue());
    } catch (FeignException.NotFound missing) {
      throw problem(ErrorCode.USER_NOT_FOUND, "Your user account does not exist any more.");
    } catch (CallNotPermittedException | FeignException unavailable) {
      log.warn("The user service is unavailable: {}", unavailable.getMessage());
      throw problem(ErrorCode.SERVICE_UNAVAILABLE, USER_SERVICE_UNAVAILABLE);
    }
    if (buyer == null || !caller.userId().equals(buyer.userId())) {
      log.error(
          "The user service answered for {} when asked about {}",
          buyer == null ? null : buyer.userId(),
          caller.userId());
      throw problem(ErrorCode.USER_NOT_FOUND, "Your user account could not be confirmed.");
    }
  }

  private static OrderSummary ownedBy(
      Optional<OrderSummary> order, CurrentUser caller, String orderId) {
    return order
        .filter(found -> found.userId().equals(caller.userId()))
        .orElseThrow(
            () -> problem(ErrorCode.ORDER_NOT_FOUND, "Order " + orderId + " was not found."));
  }

  private ResponseEntity<PlaceOrderResponse> repeated(
      OrderRequests.Earlier earlier, String fingerprint) {
    if (!earlier.fingerprint().equals(fingerprint)) {
      throw problem(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "This Idempotency-Key was already used for a different order request; use a new"
              + " key for a new order.");
    }
    return accepted(earlier.orderId());
  }

  private static ResponseEntity<PlaceOrderResponse> accepted(String orderId) {
    return ResponseEntity.accepted()
        .location(URI.create("/api/orders/" + orderId))
        .body(new PlaceOrderResponse(orderId, OrderStatus.PENDING));
  }

  private static void requireValidKey(String idempotencyKey) {
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw invalid(
          IDEMPOTENCY_KEY,
          "must be between 1 and " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters, not blank");
    }
  }

  private static void requireDistinctProducts(PlaceOrderRequest request) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < request.items().size(); i++) {
      String productId = productIdOf(request.items().get(i));
      if (!seen.add(productId)) {
        throw invalid(
            "items[" + i + "].productId",
            "product " + productId + " is already listed; order it once with the full quantity");
      }
    }
  }

  /** Product ids are UUIDs, which the product service writes in lower case. */
  private static String productIdOf(OrderItemRequest item) {
    return item.productId().toLowerCase(Locale.ROOT);
  }

  /** Identifies the request body, so that a repeat under the same key can be recognised. */
  private static String fingerprintOf(PlaceOrderRequest request) {
    String canonical =
        request.items().stream()
            .map(item -> productIdOf(item) + "x" + item.quantity())
            .collect(Collectors.joining(";"));
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
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
