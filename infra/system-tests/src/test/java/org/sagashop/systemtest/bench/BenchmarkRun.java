package org.sagashop.systemtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.EventStores;
import org.sagashop.systemtest.Processes;
import org.sagashop.systemtest.RatePacer;
import org.sagashop.systemtest.Shop;
import org.sagashop.systemtest.bench.Ceilings.Ceiling;
import org.sagashop.systemtest.bench.ProcessUsage.Usage;
import org.sagashop.systemtest.faults.Traffic;
import org.sagashop.systemtest.faults.Traffic.Sent;
import org.sagashop.systemtest.faults.Workload;

/**
 * The benchmark: an open-model load through the gateway (orders sent at a constant rate, each at
 * its due time whether or not the ones before it have been answered, each with its own
 * Idempotency-Key; one in ten meant to be cancelled for stock, one in ten for funds), then what it
 * cost and how long orders took, from the orders' own timestamps. Run by {@code ./bench.sh} (Maven
 * profile {@code bench}) against the running system; the report is printed and written to {@code
 * .run/bench-report.txt}. It asserts nothing about speed: the figures are its result.
 */
class BenchmarkRun {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final double rate = Double.parseDouble(System.getProperty("sagashop.benchRate", "20"));
  private final int seconds = Integer.getInteger("sagashop.benchSeconds", 60);
  private final Duration settle =
      Duration.ofSeconds(Long.getLong("sagashop.benchSettleSeconds", 600));
  private final boolean ceilings =
      Boolean.parseBoolean(System.getProperty("sagashop.benchCeilings", "true"));
  private final Path root = Processes.root();

  private final Shop shop = new Shop();
  private final RatePacer pacer = new RatePacer();
  private final EventStores stores = new EventStores();

  @Test
  void measure() throws Exception {
    int orders = (int) Math.round(rate * seconds);
    Workload workload = new Workload(shop, pacer, stores);
    workload.prepare(orders, 42);
    String product = workload.plan.get(0).lines().get(0).productId();

    Map<String, Usage> before = ProcessUsage.read(root);
    Instant began = Instant.now();
    // enough clients that a slow answer never delays the next order's sending
    int clients = Math.max(16, (int) Math.ceil(rate * 4));
    Traffic traffic = new Traffic(shop, pacer, () -> false);
    ExecutorService senders = traffic.start(workload.plan, rate, clients);
    GatewayProbe probe = new GatewayProbe(shop, directShop(), pacer, "/api/products/" + product);
    AtomicBoolean sending = new AtomicBoolean(true);
    Thread prober = new Thread(() -> probe.runWhile(sending::get), "gateway-probe");
    prober.start();
    assertThat(senders.awaitTermination(1, TimeUnit.HOURS)).as("every order sent").isTrue();
    Instant sent = Instant.now();
    sending.set(false);
    prober.join();

    List<Sent> answers = new ArrayList<>(traffic.sent);
    List<String> accepted = answers.stream().filter(Sent::accepted).map(Sent::orderId).toList();
    List<Ended> ended = awaitEnded(accepted, sent.plus(settle));
    Instant allEnded = Instant.now();
    Map<String, Usage> after = ProcessUsage.read(root);

    List<Ceiling> measured =
        ceilings
            ? Ceilings.measure(
                env("SAGASHOP_DB_HOST", "127.0.0.1"),
                env("SAGASHOP_DB_USER", "postgres"),
                "amqp://"
                    + env("SAGASHOP_RABBIT_USER", "guest")
                    + ":"
                    + env("SAGASHOP_RABBIT_PASSWORD", "guest")
                    + "@"
                    + env("SAGASHOP_RABBIT_HOST", "127.0.0.1")
                    + ":5672",
                20)
            : List.of();

    String report =
        report(
            orders, answers, accepted, ended, began, sent, allEnded, before, after, probe,
            measured);
    System.out.println(report);
    Path file = root.resolve(".run/bench-report.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report, StandardCharsets.UTF_8);
    // no timing is asserted: only that every order was taken and ended
    assertThat(answers)
        .as("orders not accepted (report: %s)", file)
        .allMatch(Sent::accepted, "answered 202");
    assertThat(ended)
        .as("orders that reached a final state (report: %s)", file)
        .hasSize(accepted.size());
  }

  /** An order as the read model holds it once it is COMPLETED or CANCELLED. */
  record Ended(String orderId, String status, Instant placedAt, Instant endedAt) {

    Duration took() {
      return Duration.between(placedAt, endedAt);
    }
  }

  private List<Ended> awaitEnded(List<String> accepted, Instant deadline) throws SQLException {
    while (true) {
      List<Ended> ended = new ArrayList<>();
      try (Connection connection = stores.connect("order");
          PreparedStatement query =
              connection.prepareStatement(
                  "select order_id, status, placed_at, updated_at from order_summary"
                      + " where order_id = any(?) and status in ('COMPLETED', 'CANCELLED')")) {
        query.setArray(1, connection.createArrayOf("varchar", accepted.toArray()));
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            ended.add(
                new Ended(
                    rows.getString(1),
                    rows.getString(2),
                    rows.getTimestamp(3).toInstant(),
                    rows.getTimestamp(4).toInstant()));
          }
        }
      }
      if (ended.size() == accepted.size() || Instant.now().isAfter(deadline)) {
        return ended;
      }
      Workload.sleep(Duration.ofSeconds(1));
    }
  }

  private String report(
      int orders,
      List<Sent> answers,
      List<String> accepted,
      List<Ended> ended,
      Instant began,
      Instant sent,
      Instant allEnded,
      Map<String, Usage> before,
      Map<String, Usage> after,
      GatewayProbe probe,
      List<Ceiling> measured) {
    StringBuilder out = new StringBuilder();
    double sendingSeconds = Duration.between(began, sent).toMillis() / 1000.0;
    Instant firstPlaced = ended.stream().map(Ended::placedAt).min(Instant::compareTo).orElse(began);
    Instant lastEnded = ended.stream().map(Ended::endedAt).max(Instant::compareTo).orElse(allEnded);
    double endingSeconds =
        Math.max(0.001, Duration.between(firstPlaced, lastEnded).toMillis() / 1000.0);
    out.append("Saga Shop benchmark, ").append(CLOCK.format(began)).append('\n');
    out.append(
        "Offered: %d orders at %.1f/s for %ds (open model, up to %d in flight)%n"
            .formatted(orders, rate, seconds, Math.max(16, (int) Math.ceil(rate * 4))));
    out.append(
        "Sent over %.1f s (%.1f/s); sent late by more than 100 ms: %d%n"
            .formatted(
                sendingSeconds,
                answers.size() / sendingSeconds,
                answers.stream().filter(s -> s.lateBy().toMillis() > 100).count()));
    Map<String, Long> byStatus =
        answers.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.status() == 0 ? "no answer" : Integer.toString(s.status()),
                    TreeMap::new,
                    Collectors.counting()));
    long resent = answers.stream().mapToInt(s -> s.attempts() - 1).sum();
    out.append("Answers: ")
        .append(byStatus)
        .append(", resent after 5xx/429/no answer: ")
        .append(resent)
        .append('\n');
    out.append("POST /api/orders (answer that ended it): ")
        .append(
            percentiles(answers.stream().map(Sent::lastAnswerTook).filter(d -> d != null).toList()))
        .append('\n');
    Map<String, Long> outcomes =
        ended.stream()
            .collect(Collectors.groupingBy(Ended::status, TreeMap::new, Collectors.counting()));
    out.append(
        "Reached a final state: %d of %d accepted %s, %.1f/s from the first placed to the last ended (%.1f s)%n"
            .formatted(
                ended.size(),
                accepted.size(),
                outcomes,
                ended.size() / endingSeconds,
                endingSeconds));
    out.append("Placed to final (order_summary placed_at to updated_at): ")
        .append(percentiles(ended.stream().map(Ended::took).toList()))
        .append('\n');
    out.append(probe.summary()).append('\n');
    out.append("Per process, over the load (from the first order sent to the last one ended):\n");
    out.append(
        "  %-22s %10s %12s %14s%n".formatted("process", "CPU s", "CPU s/order", "peak RSS MiB"));
    double total = 0;
    for (Map.Entry<String, Usage> entry : after.entrySet()) {
      Usage start = before.get(entry.getKey());
      Usage end = entry.getValue();
      boolean restarted = start == null || start.pid() != end.pid();
      double cpu = end.cpuSeconds() - (restarted || start == null ? 0 : start.cpuSeconds());
      total += cpu;
      out.append(
          "  %-22s %10.1f %12.4f %14d%s%n"
              .formatted(
                  entry.getKey(),
                  cpu,
                  ended.isEmpty() ? 0 : cpu / ended.size(),
                  end.peakRssKb() / 1024,
                  restarted && start != null && start.pid() != 0 ? " (restarted)" : ""));
    }
    out.append(
        "  %-22s %10.1f %12.4f   of %.0f CPU s the machine had (%d cores)%n"
            .formatted(
                "total",
                total,
                ended.isEmpty() ? 0 : total / ended.size(),
                Duration.between(began, allEnded).toMillis()
                    / 1000.0
                    * Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors()));
    if (!measured.isEmpty()) {
      out.append("The machine's ceilings, measured after the load:\n");
      for (Ceiling ceiling : measured) {
        out.append(
            "  %-32s %s   [%s]%n".formatted(ceiling.what(), ceiling.figure(), ceiling.command()));
      }
    }
    return out.toString();
  }

  static String percentiles(List<Duration> durations) {
    if (durations.isEmpty()) {
      return "none";
    }
    List<Long> millis = new ArrayList<>(durations.stream().map(Duration::toMillis).toList());
    Collections.sort(millis);
    Function<Double, Long> at =
        q -> millis.get((int) Math.min(millis.size() - 1, Math.ceil(q * millis.size()) - 1));
    return "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (%d)"
        .formatted(
            at.apply(0.50),
            at.apply(0.90),
            at.apply(0.99),
            millis.get(millis.size() - 1),
            millis.size());
  }

  private static Shop directShop() {
    return new Shop(URI.create(System.getProperty("sagashop.productUrl", "http://localhost:8082")));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
