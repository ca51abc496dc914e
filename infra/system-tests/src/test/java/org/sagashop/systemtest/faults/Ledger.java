package org.sagashop.systemtest.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sagashop.systemtest.EventStores;
import org.sagashop.systemtest.Shop;

/**
 * What the services' databases hold about the run's buyers, products and orders: the order read
 * model, the product and payment events (every reservation, release, charge and refund), balances,
 * sagas, notifications and dead letters.
 */
final class Ledger {

  private static final String CORE = "org.sagashop.coreapi.";

  record Order(String orderId, String userId, String status, BigDecimal total, String reason) {

    boolean ended() {
      return status.equals("COMPLETED") || status.equals("CANCELLED");
    }
  }

  /** One stock or money movement, read from an event. */
  record Movement(String type, String aggregateId, String orderId, JsonNode payload) {}

  final Map<String, Order> orders = new LinkedHashMap<>();

  /** Per order, per product: the quantity ordered. */
  final Map<String, Map<String, Integer>> lines = new HashMap<>();

  final List<Movement> productEvents = new ArrayList<>();
  final List<Movement> paymentEvents = new ArrayList<>();
  final Map<String, Integer> availableStock = new HashMap<>();
  final Map<String, BigDecimal> balances = new HashMap<>();

  /** Per order, per notification kind: how many notifications. */
  final Map<String, Map<String, Integer>> notifications = new HashMap<>();

  long runningSagasOfRun;
  long runningSagasInAll;
  final Map<String, Long> axonDeadLetters = new LinkedHashMap<>();

  private final EventStores stores;

  private Ledger(EventStores stores) {
    this.stores = stores;
  }

  /** Only the orders, for polling until they have ended. */
  static Map<String, Order> ordersOf(EventStores stores, Collection<String> buyers) {
    Ledger ledger = new Ledger(stores);
    ledger.readOrders(buyers);
    return ledger.orders;
  }

  static Ledger read(EventStores stores, Collection<String> buyers, Collection<String> products) {
    Ledger ledger = new Ledger(stores);
    ledger.readOrders(buyers);
    ledger.readLines(buyers);
    ledger.readSagas();
    ledger.readProducts(products);
    ledger.readPayments(buyers);
    ledger.readNotifications(buyers);
    for (String service : EventStores.SERVICES) {
      ledger.query(
          service,
          "select count(*) from dead_letter_entry",
          List.of(),
          row -> ledger.axonDeadLetters.put(service, row.getLong(1)));
    }
    return ledger;
  }

  private void readOrders(Collection<String> buyers) {
    query(
        "order",
        "select order_id, user_id, status, total, cancellation_reason from order_summary"
            + " where user_id = any(?)",
        buyers,
        row ->
            orders.put(
                row.getString(1),
                new Order(
                    row.getString(1),
                    row.getString(2),
                    row.getString(3),
                    row.getBigDecimal(4),
                    row.getString(5))));
  }

  private void readLines(Collection<String> buyers) {
    query(
        "order",
        "select l.order_id, l.product_id, l.quantity from order_summary_line l"
            + " join order_summary o on o.order_id = l.order_id where o.user_id = any(?)",
        buyers,
        row ->
            lines
                .computeIfAbsent(row.getString(1), id -> new HashMap<>())
                .merge(row.getString(2), row.getInt(3), Integer::sum));
  }

  private void readSagas() {
    query(
        "order",
        "select count(distinct a.saga_id) from association_value_entry a"
            + " join order_summary o on o.order_id = a.association_value"
            + " where a.association_key = 'orderId' and o.user_id = any(?)",
        orders.values().stream().map(Order::userId).distinct().toList(),
        row -> runningSagasOfRun = row.getLong(1));
    query(
        "order",
        "select count(*) from saga_entry",
        List.of(),
        row -> runningSagasInAll = row.getLong(1));
  }

  private void readProducts(Collection<String> products) {
    readEvents("product", products, productEvents);
    query(
        "product",
        "select product_id, available_stock from product_catalog where product_id = any(?)",
        products,
        row -> availableStock.put(row.getString(1), row.getInt(2)));
  }

  private void readPayments(Collection<String> buyers) {
    readEvents("payment", buyers, paymentEvents);
    query(
        "payment",
        "select account_id, balance from account_balance where account_id = any(?)",
        buyers,
        row -> balances.put(row.getString(1), row.getBigDecimal(2)));
  }

  private void readNotifications(Collection<String> buyers) {
    query(
        "notification",
        "select order_id, kind, count(*) from notification where user_id = any(?)"
            + " group by order_id, kind",
        buyers,
        row ->
            notifications
                .computeIfAbsent(row.getString(1), id -> new HashMap<>())
                .put(row.getString(2), row.getInt(3)));
  }

  /** The events of the given aggregates, oldest first. */
  private void readEvents(String service, Collection<String> aggregates, List<Movement> into) {
    query(
        service,
        "select payload_type, aggregate_identifier, convert_from(payload, 'UTF8')"
            + " from domain_event_entry where aggregate_identifier = any(?) order by global_index",
        aggregates,
        row -> {
          try {
            JsonNode payload = Shop.JSON.readTree(row.getString(3));
            String type = row.getString(1);
            into.add(
                new Movement(
                    type.startsWith(CORE) ? type.substring(type.lastIndexOf('.') + 1) : type,
                    row.getString(2),
                    payload.path("orderId").asText(null),
                    payload));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private void query(String service, String sql, Collection<String> ids, RowReader reader) {
    try (Connection connection = stores.connect(service);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      if (sql.contains("?")) {
        statement.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database of " + service + ": " + sql, e);
    }
  }
}
