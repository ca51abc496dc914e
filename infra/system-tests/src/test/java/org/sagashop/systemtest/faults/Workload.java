package org.sagashop.systemtest.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.sagashop.systemtest.EventStores;
import org.sagashop.systemtest.RatePacer;
import org.sagashop.systemtest.Shop;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;

/**
 * The run's own data, created through the gateway so that every invariant can be computed exactly:
 * fresh products with known stock, fresh buyers with known deposits, and a plan of orders of which
 * one in ten must fail on stock and one in ten on funds.
 */
public final class Workload {

  /** What an order is meant to meet; faults may still cancel an order meant to complete. */
  public enum Kind {
    COMPLETES,
    SHORT_OF_STOCK,
    SHORT_OF_FUNDS
  }

  public record Line(String productId, int quantity) {}

  public record PlannedOrder(int index, Kind kind, User buyer, List<Line> lines) {

    Map<String, Object> body() {
      return Map.of(
          "items",
          lines.stream()
              .map(line -> Map.of("productId", line.productId(), "quantity", line.quantity()))
              .toList());
    }
  }

  /** The most a plentiful product costs, and the most an order meant to complete costs. */
  private static final int PLENTIFUL_PRODUCTS = 8;

  private static final int MAX_LINES = 2;
  private static final int MAX_QUANTITY = 3;
  private static final BigDecimal MAX_PRICE = new BigDecimal("9.50");
  private static final BigDecimal MAX_ORDER_COST =
      MAX_PRICE.multiply(BigDecimal.valueOf((long) MAX_LINES * MAX_QUANTITY));

  /** Orders a rich buyer places at most: they are spread over many buyers (rate limits). */
  private static final int ORDERS_PER_RICH_BUYER = 20;

  private static final int ORDERS_PER_POOR_BUYER = 20;
  static final int PLENTIFUL_STOCK = 1_000_000;
  static final int SCARCE_STOCK = 5;
  private static final int SCARCE_ORDERED = 10;

  private final Shop shop;
  private final RatePacer pacer;
  private final EventStores stores;

  final Map<String, Integer> initialStock = new LinkedHashMap<>();
  final List<String> plentiful = new ArrayList<>();
  String scarce;
  String luxury;
  final List<User> richBuyers = new ArrayList<>();
  final List<User> poorBuyers = new ArrayList<>();
  BigDecimal startingBalance;
  BigDecimal depositEach;
  BigDecimal deposited = BigDecimal.ZERO;
  public final List<PlannedOrder> plan = new ArrayList<>();

  public Workload(Shop shop, RatePacer pacer, EventStores stores) {
    this.shop = shop;
    this.pacer = pacer;
    this.stores = stores;
  }

  static Kind kindOf(int index) {
    return switch (index % 10) {
      case 3 -> Kind.SHORT_OF_STOCK;
      case 7 -> Kind.SHORT_OF_FUNDS;
      default -> Kind.COMPLETES;
    };
  }

  public void prepare(int orders, long seed) {
    int completing = 0;
    int shortOfFunds = 0;
    for (int i = 0; i < orders; i++) {
      switch (kindOf(i)) {
        case SHORT_OF_FUNDS -> shortOfFunds++;
        case COMPLETES -> completing++;
        default -> {}
      }
    }
    int rich = Math.max(10, ceilDiv(completing, ORDERS_PER_RICH_BUYER));
    int poor = Math.max(3, ceilDiv(shortOfFunds, ORDERS_PER_POOR_BUYER));
    for (int i = 0; i < rich + poor; i++) {
      pacer.awaitTurn(null);
      pacer.awaitTurn(null);
      (i < rich ? richBuyers : poorBuyers).add(shop.registerAndLogin());
    }
    awaitRows(
        "payment",
        "select count(*) from account_balance where account_id = any(?)",
        buyerIds(),
        rich + poor);
    startingBalance = wallet(richBuyers.get(0));

    // every rich buyer can pay for all of its orders even if each costs the most an order can
    BigDecimal budget = MAX_ORDER_COST.multiply(BigDecimal.valueOf(ORDERS_PER_RICH_BUYER + 5));
    depositEach = budget.subtract(startingBalance).max(new BigDecimal("100.00"));
    for (User buyer : richBuyers) {
      pacer.awaitTurn(buyer.token());
      Response deposit =
          shop.post("/api/wallet/deposits", Map.of("amount", depositEach), buyer.token());
      if (deposit.status() != 200) {
        throw new AssertionError("deposit answered " + deposit.status() + " " + deposit.raw());
      }
      deposited = deposited.add(depositEach);
    }

    String admin = shop.adminToken();
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < PLENTIFUL_PRODUCTS; i++) {
      String price =
          new BigDecimal("3.00")
              .add(BigDecimal.valueOf(i).multiply(new BigDecimal("0.75")))
              .min(MAX_PRICE)
              .setScale(2, RoundingMode.UNNECESSARY)
              .toPlainString();
      String id =
          shop.createProduct(admin, "Fault run " + run + " item " + i, price, PLENTIFUL_STOCK);
      plentiful.add(id);
      initialStock.put(id, PLENTIFUL_STOCK);
    }
    scarce = shop.createProduct(admin, "Fault run " + run + " scarce", "7.00", SCARCE_STOCK);
    initialStock.put(scarce, SCARCE_STOCK);
    // a poor buyer never deposits: one of these is always more than its whole balance
    luxury =
        shop.createProduct(
            admin,
            "Fault run " + run + " luxury",
            startingBalance.add(new BigDecimal("100.00")).toPlainString(),
            PLENTIFUL_STOCK);
    initialStock.put(luxury, PLENTIFUL_STOCK);
    awaitRows(
        "order",
        "select count(*) from order_catalog where product_id = any(?)",
        initialStock.keySet(),
        initialStock.size());

    Random random = new Random(seed);
    for (int i = 0; i < orders; i++) {
      Kind kind = kindOf(i);
      List<Line> lines = new ArrayList<>();
      User buyer;
      switch (kind) {
        case SHORT_OF_FUNDS -> {
          buyer = poorBuyers.get(i % poorBuyers.size());
          lines.add(new Line(luxury, 1));
        }
        case SHORT_OF_STOCK -> {
          buyer = richBuyers.get(i % richBuyers.size());
          // the plentiful line is reserved first or second: either way it must be given back
          Line plenty = new Line(plentiful.get(random.nextInt(plentiful.size())), 1);
          Line shortLine = new Line(scarce, SCARCE_ORDERED);
          lines.addAll(
              random.nextBoolean() ? List.of(plenty, shortLine) : List.of(shortLine, plenty));
        }
        default -> {
          buyer = richBuyers.get(i % richBuyers.size());
          int count = 1 + random.nextInt(MAX_LINES);
          List<String> products = new ArrayList<>(plentiful);
          java.util.Collections.shuffle(products, random);
          for (int l = 0; l < count; l++) {
            lines.add(new Line(products.get(l), 1 + random.nextInt(MAX_QUANTITY)));
          }
        }
      }
      plan.add(new PlannedOrder(i, kind, buyer, List.copyOf(lines)));
    }
  }

  public List<String> buyerIds() {
    List<String> ids = new ArrayList<>();
    richBuyers.forEach(buyer -> ids.add(buyer.userId()));
    poorBuyers.forEach(buyer -> ids.add(buyer.userId()));
    return ids;
  }

  List<User> buyers() {
    List<User> all = new ArrayList<>(richBuyers);
    all.addAll(poorBuyers);
    return all;
  }

  BigDecimal wallet(User buyer) {
    pacer.awaitTurn(buyer.token());
    Response wallet = shop.get("/api/wallet", buyer.token());
    if (wallet.status() != 200) {
      throw new AssertionError("wallet answered " + wallet.status() + " " + wallet.raw());
    }
    JsonNode balance = wallet.body().get("balance");
    return balance.decimalValue();
  }

  /** Polls a count in one service's database until it reaches {@code expected} (one minute). */
  private void awaitRows(String service, String sql, Collection<String> ids, int expected) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    long found = -1;
    while (Instant.now().isBefore(deadline)) {
      try (Connection connection = stores.connect(service);
          PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          found = row.getLong(1);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the database of " + service, e);
      }
      if (found >= expected) {
        return;
      }
      sleep(Duration.ofMillis(500));
    }
    throw new AssertionError(
        "%s: %d of %d rows after a minute: %s".formatted(service, found, expected, sql));
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
