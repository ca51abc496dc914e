package org.sagashop.systemtest;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The services' event stores, read directly: every state change in the shop is an event, so a
 * request that changed nothing left every store exactly as it was.
 */
public final class EventStores {

  public static final List<String> SERVICES =
      List.of("user", "product", "order", "payment", "notification");

  /** How many events each store holds, and the newest event's global index. */
  public record Snapshot(Map<String, Long> counts, Map<String, Long> newestIndex) {}

  private final String jdbcPrefix;
  private final String user;
  private final String password;

  public EventStores() {
    String host = env("POSTGRES_HOST", "127.0.0.1");
    String port = env("POSTGRES_PORT", "5432");
    this.jdbcPrefix =
        "jdbc:postgresql://"
            + host
            + ":"
            + port
            + "/"
            + env("SAGASHOP_DB_PREFIX", "sagashop")
            + "_";
    this.user = env("POSTGRES_USER", "postgres");
    this.password = env("POSTGRES_PASSWORD", "");
  }

  Snapshot snapshot() {
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Long> newest = new LinkedHashMap<>();
    for (String service : SERVICES) {
      try (Connection connection = connect(service);
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "select count(*), coalesce(max(global_index), 0) from domain_event_entry")) {
        row.next();
        counts.put(service, row.getLong(1));
        newest.put(service, row.getLong(2));
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the event store of " + service, e);
      }
    }
    return new Snapshot(counts, newest);
  }

  /**
   * Waits until no store has received an event for {@code quiet}: whatever was in flight (events
   * travelling between services, projections, sagas) has settled.
   */
  public Snapshot awaitQuiet(Duration quiet, Duration atMost) {
    AtomicReference<Snapshot> last = new AtomicReference<>(snapshot());
    AtomicLong unchangedSince = new AtomicLong(System.nanoTime());
    await("event stores to settle")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Snapshot now = snapshot();
              if (!now.equals(last.get())) {
                last.set(now);
                unchangedSince.set(System.nanoTime());
                return false;
              }
              return System.nanoTime() - unchangedSince.get() >= quiet.toNanos();
            });
    return last.get();
  }

  /** The events appended since {@code before}, one line each, to say what a request changed. */
  List<String> appendedSince(Snapshot before) {
    List<String> appended = new ArrayList<>();
    for (String service : SERVICES) {
      try (Connection connection = connect(service);
          PreparedStatement statement =
              connection.prepareStatement(
                  "select payload_type, aggregate_identifier from domain_event_entry"
                      + " where global_index > ? order by global_index limit 50")) {
        statement.setLong(1, before.newestIndex().get(service));
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            appended.add(service + ": " + rows.getString(1) + " of " + rows.getString(2));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the event store of " + service, e);
      }
    }
    return appended;
  }

  /** An event as stored: its type and its metadata (JSON). */
  record StoredEvent(String type, String metaData) {}

  /** The events of {@code service} whose payload mentions {@code id}, oldest first. */
  List<StoredEvent> eventsMentioning(String service, String id) {
    List<StoredEvent> events = new ArrayList<>();
    try (Connection connection = connect(service);
        PreparedStatement statement =
            connection.prepareStatement(
                "select payload_type, convert_from(meta_data, 'UTF8') from domain_event_entry"
                    + " where position(? in convert_from(payload, 'UTF8')) > 0"
                    + " order by global_index")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          events.add(new StoredEvent(rows.getString(1), rows.getString(2)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the event store of " + service, e);
    }
    return events;
  }

  /**
   * For each streaming processor of {@code service} with more than one segment, how many different
   * instances own its segments right now.
   */
  Map<String, Integer> ownersPerSharedProcessor(String service) {
    Map<String, Integer> owners = new LinkedHashMap<>();
    try (Connection connection = connect(service);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select processor_name, count(distinct owner) from token_entry"
                    + " group by processor_name having count(*) > 1 order by processor_name")) {
      while (rows.next()) {
        owners.put(rows.getString(1), rows.getInt(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the tokens of " + service, e);
    }
    return owners;
  }

  /**
   * How many event processor segments of {@code service} the process {@code pid} claims (Axon names
   * a claim's owner {@code pid@host}).
   */
  public long segmentsClaimedBy(String service, long pid) {
    return count(service, "select count(*) from token_entry where owner like ?", pid + "@%");
  }

  /** How many segments of {@code service} are unclaimed or claimed by another process than pid. */
  public long segmentsNotClaimedBy(String service, long pid) {
    return count(
        service,
        "select count(*) from token_entry where owner is null or owner not like ?",
        pid + "@%");
  }

  /** How many rows {@code sql} (a count query with one parameter) counts in {@code service}. */
  public long count(String service, String sql, String parameter) {
    try (Connection connection = connect(service);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot query " + service, e);
    }
  }

  /** A connection to the database of {@code service}; the caller closes it. */
  public Connection connect(String service) throws SQLException {
    return DriverManager.getConnection(jdbcPrefix + service, user, password);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
