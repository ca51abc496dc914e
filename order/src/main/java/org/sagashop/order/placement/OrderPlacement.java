package org.sagashop.order.placement;

import feign.FeignException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.order.model.OrderLine;
import org.sagashop.order.client.BuyerProfile;
import org.sagashop.order.client.BuyerProfiles;
import org.sagashop.order.command.PlaceOrderCommand;
import org.sagashop.order.query.CatalogProduct;
import org.sagashop.order.query.FindCatalogProductsQuery;
import org.sagashop.order.query.FindOrderQuery;
import org.sagashop.order.query.OrderStatus;
import org.sagashop.order.query.OrderSummary;
import org.sagashop.platform.web.DomainRuleException;
import org.sagashop.platform.web.ReadModelWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places a buyer's order: answers a repeat of a request with the order it placed, prices every line
 * from the catalog, confirms the buyer with the user service, and sends {@link PlaceOrderCommand}.
 *
 * <p>Idempotency holds across instances and failures: with an {@code Idempotency-Key} the order id
 * is derived from the buyer and the key, and placing an order that exists is a no-op (a different
 * one under its id is refused). The key's record in {@code order_request} answers a repeat without
 * pricing or asking the user service again, and recognises a different request under a used key;
 * should the instance fail after the order was placed (possibly on another instance) but before the
 * key was recorded, the repeat places the same order again, which changes nothing.
 */
@Service
public class OrderPlacement {

  public static final String USER_SERVICE_UNAVAILABLE =
      "The user service is not available right now; please try again shortly.";
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_MODEL_WAIT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final BuyerProfiles buyers;
  private final OrderRequests requests;
  private final TransactionTemplate transactions;
  private final ReadModelWait readModelWait = new ReadModelWait(READ_MODEL_WAIT);

  public OrderPlacement(
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

  /**
   * @param userId the buyer, as the access token names them
   * @param authorization the buyer's own authorization header, for the user service
   * @param quantities how many of each product (ids in lower case), in the request's order
   * @param idempotencyKey the request's key, or {@code null}
   */
  public PlacedOrder place(
      String userId, String authorization, Map<String, Integer> quantities, String idempotencyKey) {
    String fingerprint = fingerprintOf(quantities);
    if (idempotencyKey != null) {
      Optional<OrderRequests.Earlier> earlier = requests.find(userId, idempotencyKey);
      if (earlier.isPresent()) {
        return repeated(earlier.get(), fingerprint);
      }
    }
    List<OrderLine> lines = price(quantities);
    confirmBuyer(userId, authorization);
    String orderId = orderIdFor(userId, idempotencyKey);
    Optional<OrderRequests.Earlier> concurrent =
        transactions.execute(
            status -> {
              if (idempotencyKey != null) {
                Optional<OrderRequests.Earlier> claimed =
                    requests.claim(userId, idempotencyKey, fingerprint, orderId);
                if (claimed.isPresent()) {
                  return claimed;
                }
              }
              commands.sendAndWait(new PlaceOrderCommand(orderId, userId, lines));
              return Optional.empty();
            });
    if (concurrent != null && concurrent.isPresent()) {
      return repeated(concurrent.get(), fingerprint);
    }
    return new PlacedOrder(
        orderId, awaitReadModel(orderId).map(OrderSummary::status).orElse(OrderStatus.PENDING));
  }

  /**
   * The order a request with this key places: derived from the buyer and the key, so that every
   * repeat names the same order wherever and whenever it is served; without a key, a new one.
   */
  static String orderIdFor(String userId, String idempotencyKey) {
    if (idempotencyKey == null) {
      return UUID.randomUUID().toString();
    }
    byte[] name =
        ("sagashop-order:" + userId + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8);
    return UUID.nameUUIDFromBytes(name).toString();
  }

  /**
   * Read-your-writes for the buyer: wait (briefly) until the order's read model has the order, so
   * that the buyer's next read, or the updates stream opened right after this answer, finds it. The
   * read model is read again and again rather than subscribed to: the projection may run on another
   * instance of this service, whose updates would never reach this one. Should it take longer, the
   * order is still accepted: it is in the event store and the saga runs regardless.
   */
  private Optional<OrderSummary> awaitReadModel(String orderId) {
    Optional<OrderSummary> placed = readModelWait.until(() -> find(orderId));
    if (placed.isEmpty()) {
      log.warn("Order {} is not in the read model after {}", orderId, READ_MODEL_WAIT);
    }
    return placed;
  }

  private Optional<OrderSummary> find(String orderId) {
    return queries
        .query(new FindOrderQuery(orderId), ResponseTypes.optionalInstanceOf(OrderSummary.class))
        .orTimeout(QUERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  /** A repeat of an earlier request answers with that order as it stands now. */
  private PlacedOrder repeated(OrderRequests.Earlier earlier, String fingerprint) {
    if (!earlier.fingerprint().equals(fingerprint)) {
      throw new DomainRuleException(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "This Idempotency-Key was already used for a different order request; use a new"
              + " key for a new order.");
    }
    OrderStatus status =
        find(earlier.orderId()).map(OrderSummary::status).orElse(OrderStatus.PENDING);
    return new PlacedOrder(earlier.orderId(), status);
  }

  private List<OrderLine> price(Map<String, Integer> quantities) {
    Map<String, CatalogProduct> catalog =
        queries
            .query(
                new FindCatalogProductsQuery(new LinkedHashSet<>(quantities.keySet())),
                ResponseTypes.multipleInstancesOf(CatalogProduct.class))
            .orTimeout(QUERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join()
            .stream()
            .collect(Collectors.toMap(CatalogProduct::productId, Function.identity()));
    List<String> unknown =
        quantities.keySet().stream().filter(id -> !catalog.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw new DomainRuleException(
          ErrorCode.PRODUCT_NOT_FOUND,
          unknown.size() == 1
              ? "Product " + unknown.get(0) + " does not exist."
              : "Products " + String.join(", ", unknown) + " do not exist.");
    }
    return quantities.entrySet().stream()
        .map(
            item -> {
              CatalogProduct product = catalog.get(item.getKey());
              return new OrderLine(
                  product.productId(), product.name(), item.getValue(), product.price());
            })
        .toList();
  }

  private void confirmBuyer(String userId, String authorization) {
    BuyerProfile buyer;
    try {
      buyer = buyers.currentBuyer(authorization);
    } catch (FeignException.NotFound missing) {
      throw new DomainRuleException(
          ErrorCode.USER_NOT_FOUND, "Your user account does not exist any more.");
    } catch (CallNotPermittedException | FeignException unavailable) {
      log.warn("The user service is unavailable: {}", unavailable.getMessage());
      throw new DomainRuleException(ErrorCode.SERVICE_UNAVAILABLE, USER_SERVICE_UNAVAILABLE);
    }
    if (buyer == null || !userId.equals(buyer.userId())) {
      log.error(
          "The user service answered for {} when asked about {}",
          buyer == null ? null : buyer.userId(),
          userId);
      throw new DomainRuleException(
          ErrorCode.USER_NOT_FOUND, "Your user account could not be confirmed.");
    }
  }

  /** Identifies the request, so that a repeat under the same key can be recognised. */
  private static String fingerprintOf(Map<String, Integer> quantities) {
    String canonical =
        quantities.entrySet().stream()
            .map(item -> item.getKey() + "x" + item.getValue())
            .collect(Collectors.joining(";"));
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
