package org.sagashop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;

/**
 * Drives the running system only through the gateway, as a shopper and an administrator would:
 * orders that complete, orders that fail on stock or on funds and are compensated, and the rules
 * that keep one user's data away from another.
 */
class OrderJourneySystemTest {

  private static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);
  private static final Shop shop = new Shop();
  private static String admin;

  @BeforeAll
  static void signInAsAdministrator() {
    admin = shop.adminToken();
  }

  @Test
  void multiLineOrderCompletesReservesStockAndChargesTheBuyer() {
    String mug = shop.createProduct(admin, unique("Mug"), "12.50", 10);
    String beans = shop.createProduct(admin, unique("Beans"), "20.00", 5);
    User buyer = shop.registerAndLogin();
    BigDecimal startingBalance = shop.awaitWallet(buyer);

    Response placed = placeOrder(buyer, Map.of(mug, 2, beans, 1));

    assertThat(placed.status()).isEqualTo(202);
    String orderId = placed.body().get("orderId").asText();
    assertThat(placed.body().get("status").asText()).isEqualTo("PENDING");
    assertThat(placed.header("Location")).endsWith("/api/orders/" + orderId);

    JsonNode order = awaitFinalOrder(buyer, orderId);
    assertThat(order.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(order.get("total").decimalValue()).isEqualByComparingTo("45.00");
    assertThat(order.get("items")).hasSize(2);
    assertThat(steps(order)).contains("placed", "stock-reserved", "payment-approved", "completed");

    awaitStock(mug, 8);
    awaitStock(beans, 4);
    awaitBalance(buyer, startingBalance.subtract(new BigDecimal("45.00")));
    shop.awaitNotificationKinds(buyer, orderId, SAGA_TIMEOUT, "PLACED", "COMPLETED");
    assertThat(ids(shop.get("/api/orders", buyer.token()).body())).contains(orderId);
  }

  @Test
  void orderIsCancelledWhenStockIsShortAndNothingIsCharged() {
    String grinder = shop.createProduct(admin, unique("Grinder"), "99.00", 1);
    User buyer = shop.registerAndLogin();
    BigDecimal startingBalance = shop.awaitWallet(buyer);

    String orderId = placeOrder(buyer, Map.of(grinder, 3)).body().get("orderId").asText();

    JsonNode order = awaitFinalOrder(buyer, orderId);
    assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(order.get("cancellationReason").asText()).isNotBlank();
    assertThat(steps(order)).contains("placed", "stock-rejected", "cancelled");
    assertThat(steps(order)).doesNotContain("payment-approved");
    awaitStock(grinder, 1);
    assertThat(shop.balanceOf(buyer)).isEqualByComparingTo(startingBalance);
    shop.awaitNotificationKinds(buyer, orderId, SAGA_TIMEOUT, "PLACED", "CANCELLED");
  }

  @Test
  void stockReservedForEarlierLinesIsReleasedWhenALaterLineIsShort() {
    String plentiful = shop.createProduct(admin, unique("Cups"), "5.00", 5);
    String scarce = shop.createProduct(admin, unique("Kettle"), "45.00", 1);
    User buyer = shop.registerAndLogin();
    BigDecimal startingBalance = shop.awaitWallet(buyer);

    String orderId =
        placeOrder(buyer, Map.of(plentiful, 2, scarce, 2)).body().get("orderId").asText();

    JsonNode order = awaitFinalOrder(buyer, orderId);
    assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(steps(order)).contains("stock-rejected", "cancelled");
    awaitStock(plentiful, 5);
    awaitStock(scarce, 1);
    assertThat(shop.balanceOf(buyer)).isEqualByComparingTo(startingBalance);
  }

  @Test
  void orderIsCancelledWhenFundsAreShortAndItsStockIsReleased() {
    User buyer = shop.registerAndLogin();
    BigDecimal startingBalance = shop.awaitWallet(buyer);
    String espressoMachine =
        shop.createProduct(
            admin,
            unique("Espresso machine"),
            startingBalance.add(BigDecimal.ONE).toPlainString(),
            3);

    String orderId = placeOrder(buyer, Map.of(espressoMachine, 1)).body().get("orderId").asText();

    JsonNode order = awaitFinalOrder(buyer, orderId);
    assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(order.get("cancellationReason").asText()).containsIgnoringCase("funds");
    assertThat(steps(order)).contains("stock-reserved", "payment-declined", "cancelled");
    awaitStock(espressoMachine, 3);
    assertThat(shop.balanceOf(buyer)).isEqualByComparingTo(startingBalance);
    shop.awaitNotificationKinds(buyer, orderId, SAGA_TIMEOUT, "PAYMENT_DECLINED", "CANCELLED");
  }

  @Test
  void depositRaisesTheBalanceAndAnInvalidDepositChangesNothing() {
    User buyer = shop.registerAndLogin();
    BigDecimal startingBalance = shop.awaitWallet(buyer);

    Response deposit = shop.post("/api/wallet/deposits", Map.of("amount", 25.5), buyer.token());
    assertThat(deposit.status()).isEqualTo(200);
    assertThat(deposit.body().get("balance").decimalValue())
        .isEqualByComparingTo(startingBalance.add(new BigDecimal("25.50")));

    Response refused = shop.post("/api/wallet/deposits", Map.of("amount", -5), buyer.token());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("Content-Type")).contains("application/problem+json");
    awaitBalance(buyer, startingBalance.add(new BigDecimal("25.50")));
  }

  @Test
  void requestsWithoutATokenAreRefused() {
    for (String path :
        List.of("/api/orders", "/api/wallet", "/api/notifications", "/api/users/me")) {
      Response response = shop.get(path, null);
      assertThat(response.status()).as(path).isEqualTo(401);
      assertThat(response.header("Content-Type")).as(path).contains("application/problem+json");
    }
    assertThat(shop.post("/api/orders", Map.of("items", List.of()), null).status()).isEqualTo(401);
    assertThat(shop.get("/api/orders", "not-a-token").status()).isEqualTo(401);
  }

  @Test
  void oneUserCannotReadOrFollowAnotherUsersOrder() {
    String product = shop.createProduct(admin, unique("Tray"), "3.00", 10);
    User owner = shop.registerAndLogin();
    User stranger = shop.registerAndLogin();
    shop.awaitWallet(owner);
    String orderId = placeOrder(owner, Map.of(product, 1)).body().get("orderId").asText();
    awaitFinalOrder(owner, orderId);

    Response read = shop.get("/api/orders/" + orderId, stranger.token());
    assertThat(read.status()).isEqualTo(404);
    assertThat(read.raw()).doesNotContain(owner.userId());
    assertThat(shop.get("/api/orders/" + orderId + "/updates", stranger.token()).status())
        .isEqualTo(404);
    assertThat(ids(shop.get("/api/orders", stranger.token()).body())).doesNotContain(orderId);
    assertThat(shop.get("/api/notifications", stranger.token()).raw()).doesNotContain(orderId);
  }

  @Test
  void updatesStreamFollowsTheOrderUntilItEnds() {
    String product = shop.createProduct(admin, unique("Filter papers"), "4.00", 20);
    User buyer = shop.registerAndLogin();
    shop.awaitWallet(buyer);
    String orderId = placeOrder(buyer, Map.of(product, 2)).body().get("orderId").asText();

    List<JsonNode> updates =
        shop.follow("/api/orders/" + orderId + "/updates", buyer.token(), 50, SAGA_TIMEOUT);

    assertThat(updates).isNotEmpty();
    JsonNode last = updates.get(updates.size() - 1);
    assertThat(last.get("orderId").asText()).isEqualTo(orderId);
    assertThat(last.get("status").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void repeatingAnOrderWithTheSameIdempotencyKeyReturnsTheSameOrder() {
    String product = shop.createProduct(admin, unique("Spoon"), "2.00", 10);
    User buyer = shop.registerAndLogin();
    shop.awaitWallet(buyer);
    String key = UUID.randomUUID().toString();

    Response first = shop.placeOrder(buyer, Map.of(product, 1), key);
    Response repeat =
        shop.send(
            "POST",
            "/api/orders",
            Shop.orderBody(Map.of(product, 1)),
            buyer.token(),
            Map.of("Idempotency-Key", key));

    assertThat(first.status()).isEqualTo(202);
    assertThat(repeat.status()).isEqualTo(202);
    assertThat(repeat.body().get("orderId").asText())
        .isEqualTo(first.body().get("orderId").asText());
    awaitFinalOrder(buyer, first.body().get("orderId").asText());
    awaitStock(product, 9);
  }

  @Test
  void invalidOrdersAreRefusedWithAReasonAndPlaceNothing() {
    String product = shop.createProduct(admin, unique("Saucer"), "6.00", 10);
    User buyer = shop.registerAndLogin();

    Response zeroQuantity = placeOrder(buyer, Map.of(product, 0));
    Response unknownProduct =
        shop.post(
            "/api/orders", Shop.orderBody(Map.of(UUID.randomUUID().toString(), 1)), buyer.token());
    Response notJson = shop.post("/api/orders", "{\"items\": [", buyer.token());

    assertThat(zeroQuantity.status()).isEqualTo(400);
    assertThat(zeroQuantity.body().get("detail").asText()).isNotBlank();
    assertThat(unknownProduct.status()).isEqualTo(404);
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.header("Content-Type")).contains("application/problem+json");
    assertThat(shop.get("/api/orders", buyer.token()).body()).isEmpty();
    assertThat(stockOf(product)).isEqualTo(10);
  }

  @Test
  void internalEndpointsAreNotReachableThroughTheGateway() {
    assertThat(shop.post("/spring-command-bus-connector/command", "{}", null).status())
        .isIn(401, 404);
    assertThat(shop.get("/member-capabilities", null).status()).isIn(401, 404);
    assertThat(shop.get("/actuator/env", null).status()).isIn(401, 404);
  }

  @Test
  void catalogIsPublicAndOnlyAdministratorsMayChangeIt() {
    User shopper = shop.registerAndLogin();
    Response catalog = shop.get("/api/products", null);
    assertThat(catalog.status()).isEqualTo(200);
    assertThat(catalog.body().isArray()).isTrue();

    Map<String, Object> product =
        Map.of("name", "Forbidden", "description", "x", "price", 1.0, "initialStock", 1);
    assertThat(shop.post("/api/products", product, shopper.token()).status()).isEqualTo(403);

    String restocked = shop.createProduct(admin, unique("Tamper"), "15.00", 2);
    Response restock =
        shop.post("/api/products/" + restocked + "/restock", Map.of("quantity", 3), admin);
    assertThat(restock.status()).isEqualTo(200);
    awaitStock(restocked, 5);
  }

  // ---- helpers: what a client does to find out where things stand

  private static String unique(String name) {
    return name + " " + UUID.randomUUID().toString().substring(0, 6);
  }

  /**
   * Places an order as a client should: with an idempotency key, retrying while the order service
   * does not know a product yet (its catalog copy follows the product service's events, so a
   * product created a moment ago may take a few milliseconds to become orderable).
   */
  private static Response placeOrder(User buyer, Map<String, Integer> lines) {
    return shop.placeOrder(buyer, lines, UUID.randomUUID().toString());
  }

  private static JsonNode awaitFinalOrder(User buyer, String orderId) {
    AtomicReference<JsonNode> order = new AtomicReference<>();
    await("order " + orderId + " to end")
        .atMost(SAGA_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              Response response = shop.get("/api/orders/" + orderId, buyer.token());
              if (response.status() != 200) {
                return false;
              }
              order.set(response.body());
              return !"PENDING".equals(response.body().get("status").asText());
            });
    return order.get();
  }

  private static List<String> steps(JsonNode order) {
    List<String> steps = new ArrayList<>();
    order.get("timeline").forEach(entry -> steps.add(entry.get("step").asText()));
    return steps;
  }

  private static List<String> ids(JsonNode orders) {
    List<String> ids = new ArrayList<>();
    orders.forEach(order -> ids.add(order.get("orderId").asText()));
    return ids;
  }

  private static int stockOf(String productId) {
    Response product = shop.get("/api/products/" + productId, null);
    return product.status() == 200 ? product.body().get("availableStock").asInt() : -1;
  }

  private static void awaitStock(String productId, int expected) {
    await("stock of " + productId)
        .atMost(SAGA_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> stockOf(productId) == expected);
  }

  private static void awaitBalance(User user, BigDecimal expected) {
    await("balance of " + user.username())
        .atMost(SAGA_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> shop.balanceOf(user) != null && shop.balanceOf(user).compareTo(expected) == 0);
  }
}
