package org.sagashop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;

/**
 * Two instances of every service, side by side (started with {@code SAGASHOP_INSTANCES=2
 * ./run.sh}): each streaming processor's segments are shared between the two, and a stream of
 * orders through the gateway ends exactly as with one instance, with nothing processed twice.
 */
class ScaleOutRun {

  private static final List<String> SERVICES =
      List.of("user", "product", "order", "payment", "notification");
  private static final int ORDERS = 60;
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private final Shop shop = new Shop();
  private final EventStores stores = new EventStores();

  @Test
  void twoInstancesOfEachServiceShareTheWorkAndProcessNothingTwice() {
    awaitTwoInstancesOfEveryService();
    await("every shared processor to have its segments on both instances")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                SERVICES.stream()
                    .allMatch(
                        service ->
                            !stores.ownersPerSharedProcessor(service).isEmpty()
                                && stores.ownersPerSharedProcessor(service).values().stream()
                                    .allMatch(owners -> owners == 2)));
    Map<String, Map<String, Integer>> owners = new HashMap<>();
    SERVICES.forEach(service -> owners.put(service, stores.ownersPerSharedProcessor(service)));

    String admin = shop.adminToken();
    String product = shop.createProduct(admin, "Scale-out " + UUID.randomUUID(), "2.50", 1_000);
    List<User> buyers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      buyers.add(shop.registerAndLogin());
    }
    buyers.forEach(shop::awaitWallet);
    RatePacer pacer = new RatePacer();
    Map<String, User> orders = new HashMap<>();
    Map<String, Integer> quantities = new HashMap<>();
    for (int i = 0; i < ORDERS; i++) {
      User buyer = buyers.get(i % buyers.size());
      // the larger quantities cost more than a starting balance (500.00): about a sixth fail on
      // funds
      int quantity = i % 6 == 5 ? 300 : 1 + i % 3;
      pacer.awaitTurn(buyer.token());
      String orderId = place(buyer, product, quantity);
      orders.put(orderId, buyer);
      quantities.put(orderId, quantity);
    }

    Map<String, String> outcome = new HashMap<>();
    await("every order to end")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              for (Map.Entry<String, User> order : orders.entrySet()) {
                if (!outcome.containsKey(order.getKey())) {
                  pacer.awaitTurn(order.getValue().token());
                  JsonNode view =
                      shop.get("/api/orders/" + order.getKey(), order.getValue().token()).body();
                  String status = view == null ? "" : view.path("status").asText();
                  if (status.equals("COMPLETED") || status.equals("CANCELLED")) {
                    outcome.put(order.getKey(), status);
                  }
                }
              }
              return outcome.size() == orders.size();
            });

    int sold = 0;
    List<String> doubles = new ArrayList<>();
    for (String orderId : orders.keySet()) {
      boolean completed = outcome.get(orderId).equals("COMPLETED");
      sold += completed ? quantities.get(orderId) : 0;
      long charges = events("payment", orderId, "PaymentApprovedEvent");
      long reservations = events("product", orderId, "StockReservedEvent");
      long placedNotices =
          stores.count(
              "notification",
              "select count(*) from notification where order_id = ? and kind = 'PLACED'",
              orderId);
      if (charges != (completed ? 1 : 0) || reservations > 1 || placedNotices != 1) {
        doubles.add(
            orderId
                + ": "
                + outcome.get(orderId)
                + ", charged "
                + charges
                + "x, reserved "
                + reservations
                + "x, placed notices "
                + placedNotices);
      }
    }
    long runningSagas =
        orders.keySet().stream()
            .mapToLong(
                orderId ->
                    stores.count(
                        "order",
                        "select count(*) from association_value_entry where association_value = ?",
                        orderId))
            .sum();
    JsonNode listed = shop.get("/api/products/" + product, null).body();
    long completed = outcome.values().stream().filter("COMPLETED"::equals).count();

    System.out.printf(
        "scale-out: 2 instances of each service; processors shared (owners per processor): %s%n"
            + "  %d orders: %d completed, %d cancelled; processed twice: %d; sagas left: %d;"
            + " stock %d = 1000 - %d sold%n",
        owners,
        ORDERS,
        completed,
        ORDERS - completed,
        doubles.size(),
        runningSagas,
        listed.get("availableStock").asInt(),
        sold);
    assertThat(doubles).as("orders with an effect applied twice or missing").isEmpty();
    assertThat(runningSagas).as("sagas still running").isZero();
    assertThat(completed).isBetween(1L, (long) ORDERS - 1);
    assertThat(listed.get("availableStock").asInt()).isEqualTo(1_000 - sold);
    assertThat(new BigDecimal(listed.get("price").asText())).isEqualByComparingTo("2.50");
  }

  private long events(String service, String orderId, String type) {
    return stores.eventsMentioning(service, orderId).stream()
        .filter(event -> event.type().endsWith("." + type))
        .count();
  }

  private String place(User buyer, String product, int quantity) {
    Response placed =
        shop.placeOrder(buyer, Map.of(product, quantity), UUID.randomUUID().toString());
    assertThat(placed.status()).as(placed.raw()).isEqualTo(202);
    return placed.body().get("orderId").asText();
  }

  private static void awaitTwoInstancesOfEveryService() {
    String eureka = System.getProperty("sagashop.eureka", "http://localhost:8761");
    HttpClient http = HttpClient.newHttpClient();
    await("two instances of every service in Eureka")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              HttpResponse<String> apps =
                  http.send(
                      HttpRequest.newBuilder(URI.create(eureka + "/eureka/apps"))
                          .header("Accept", "application/json")
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              JsonNode registry = Shop.JSON.readTree(apps.body());
              Map<String, Integer> up = new HashMap<>();
              for (JsonNode app : registry.path("applications").path("application")) {
                for (JsonNode instance : app.path("instance")) {
                  if ("UP".equals(instance.path("status").asText())) {
                    up.merge(app.path("name").asText().toLowerCase(), 1, Integer::sum);
                  }
                }
              }
              return SERVICES.stream().allMatch(service -> up.getOrDefault(service, 0) >= 2);
            });
  }
}
