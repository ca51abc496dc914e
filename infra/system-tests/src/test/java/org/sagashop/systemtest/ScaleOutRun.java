package org.sagashop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;

/**
 * Two instances of every service, side by side (started with {@code SAGASHOP_INSTANCES=2
 * ./run.sh}): each streaming processor's segments are shared between the two, and a stream of
 * orders through the gateway ends exactly as with one instance, with nothing processed twice. Then
 * the second instances of order and payment go away in the middle of another stream (SIGTERM and
 * {@code kill -9}): the first instances take their segments over, and every order still ends once.
 * It leaves those two second instances stopped.
 */
class ScaleOutRun {

  private static final List<String> SERVICES =
      List.of("user", "product", "order", "payment", "notification");
  private static final int ORDERS = 60;
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private final Shop shop = new Shop();
  private final EventStores stores = new EventStores();
  private final Processes processes = new Processes("scaleout.log");
  private int soldSoFar;

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
    Batch shared = placeAndAwait(buyers, product, Map.of());
    System.out.printf(
        "scale-out: 2 instances of each service; processors shared (owners per processor): %s%n"
            + "  %s%n",
        owners, shared);
    shared.assertExactlyOnce();

    // an instance of each of the saga's two busiest services goes away while orders arrive: one
    // stopped as an orchestrator stops it (SIGTERM: it must drain and hand its segments over), one
    // crashed (kill -9: its claims lapse); the survivors take over and every order still ends once
    long stoppedPid = processes.pidOf("order-2");
    Map<String, Long> survivors =
        Map.of("order", processes.pidOf("order"), "payment", processes.pidOf("payment"));
    long[] stopTook = new long[1];
    boolean[] exitedByItself = new boolean[1];
    Map<String, Instant> failedAt = new ConcurrentHashMap<>();
    Map<Integer, Runnable> failures =
        Map.of(
            10,
            () -> {
              failedAt.put("order", Instant.now());
              long began = System.nanoTime();
              exitedByItself[0] = processes.terminate("order-2", stoppedPid);
              stopTook[0] = Duration.ofNanos(System.nanoTime() - began).toSeconds();
            },
            30,
            () -> {
              failedAt.put("payment", Instant.now());
              processes.run("./run.sh", "kill", "payment-2");
            });
    // from each failure on, when did the surviving instance hold every segment of its service?
    Map<String, Long> takenOverAfter = new ConcurrentHashMap<>();
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    watch.scheduleWithFixedDelay(
        () ->
            failedAt.forEach(
                (service, at) -> {
                  if (!takenOverAfter.containsKey(service)
                      && unclaimedBySurvivor(service, survivors.get(service)) == 0) {
                    takenOverAfter.put(service, Duration.between(at, Instant.now()).toSeconds());
                  }
                }),
        0,
        500,
        TimeUnit.MILLISECONDS);
    Batch failover;
    try {
      failover = placeAndAwait(buyers, product, failures);
      await("every segment of order and payment with the surviving instance")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> takenOverAfter.size() == 2);
    } finally {
      watch.shutdownNow();
    }
    long leftClaimed = stores.segmentsClaimedBy("order", stoppedPid);
    System.out.printf(
        "failover: order-2 stopped with SIGTERM (exited by itself: %s, after %ds, segments left"
            + " claimed: %d), payment-2 killed with kill -9; seconds from each failure until the"
            + " surviving instance held every segment: %s%n  %s%n",
        exitedByItself[0], stopTook[0], leftClaimed, takenOverAfter, failover);
    assertThat(exitedByItself[0]).as("order-2 exited by itself after SIGTERM").isTrue();
    assertThat(leftClaimed).as("segments order-2 still claimed after it stopped").isZero();
    failover.assertExactlyOnce();
  }

  /**
   * Places {@value #ORDERS} orders for {@code product} through the gateway, running each of {@code
   * failures} in the background once that many orders have been placed, and waits until every order
   * has ended. Orders of 300 cost more than a buyer has and must be cancelled; every other order
   * must complete.
   */
  private Batch placeAndAwait(List<User> buyers, String product, Map<Integer, Runnable> failures) {
    RatePacer pacer = new RatePacer();
    Map<String, User> orders = new HashMap<>();
    Map<String, Integer> quantities = new HashMap<>();
    List<CompletableFuture<Void>> injected = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      if (failures.containsKey(i)) {
        injected.add(CompletableFuture.runAsync(failures.get(i)));
      }
      User buyer = buyers.get(i % buyers.size());
      // one order in six costs more than a starting balance (500.00) and fails on funds
      int quantity = i % 6 == 5 ? 300 : 1 + i % 3;
      pacer.awaitTurn(buyer.token());
      String orderId = place(buyer, product, quantity);
      orders.put(orderId, buyer);
      quantities.put(orderId, quantity);
    }
    injected.forEach(CompletableFuture::join);

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
    List<String> wrong = new ArrayList<>();
    for (String orderId : orders.keySet()) {
      boolean completed = outcome.get(orderId).equals("COMPLETED");
      boolean meantToComplete = quantities.get(orderId) < 300;
      sold += completed ? quantities.get(orderId) : 0;
      long charges = events("payment", orderId, "PaymentApprovedEvent");
      long reservations = events("product", orderId, "StockReservedEvent");
      long placedNotices =
          stores.count(
              "notification",
              "select count(*) from notification where order_id = ? and kind = 'PLACED'",
              orderId);
      if (completed != meantToComplete
          || charges != (completed ? 1 : 0)
          || reservations > 1
          || placedNotices != 1) {
        wrong.add(
            "%s: %d units %s, charged %dx, reserved %dx, placed notices %d"
                .formatted(
                    orderId,
                    quantities.get(orderId),
                    outcome.get(orderId),
                    charges,
                    reservations,
                    placedNotices));
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
    long completed = outcome.values().stream().filter("COMPLETED"::equals).count();
    int stock = shop.get("/api/products/" + product, null).body().get("availableStock").asInt();
    int soldBefore = soldSoFar;
    soldSoFar += sold;
    return new Batch(completed, wrong, runningSagas, stock, 1_000 - soldBefore, sold);
  }

  /** What became of one batch of orders, and what was wrong with any of them. */
  private record Batch(
      long completed, List<String> wrong, long runningSagas, int stock, int stockBefore, int sold) {

    void assertExactlyOnce() {
      assertThat(wrong).as("orders that ended wrong, or with an effect applied twice").isEmpty();
      assertThat(runningSagas).as("sagas still running").isZero();
      assertThat(stock).as("stock").isEqualTo(stockBefore - sold);
    }

    @Override
    public String toString() {
      return "%d orders: %d completed, %d cancelled; wrong or processed twice: %d; sagas left: %d;"
              .formatted(ORDERS, completed, ORDERS - completed, wrong.size(), runningSagas)
          + " stock %d = %d - %d sold".formatted(stock, stockBefore, sold);
    }
  }

  /** Segments of {@code service} not claimed by its surviving instance; -1 if unknown now. */
  private long unclaimedBySurvivor(String service, long survivor) {
    try {
      return stores.segmentsNotClaimedBy(service, survivor);
    } catch (IllegalStateException databaseBusy) {
      return -1;
    }
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
