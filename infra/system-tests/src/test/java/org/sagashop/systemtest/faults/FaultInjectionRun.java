package org.sagashop.systemtest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.EventStores;
import org.sagashop.systemtest.Processes;
import org.sagashop.systemtest.RatePacer;
import org.sagashop.systemtest.Shop;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;
import org.sagashop.systemtest.faults.Ledger.Movement;
import org.sagashop.systemtest.faults.Ledger.Order;
import org.sagashop.systemtest.faults.Traffic.Sent;
import org.sagashop.systemtest.faults.Workload.Kind;

/**
 * The reliability promise, proven under faults: a steady stream of orders through the gateway while
 * every service and the gateway are killed with {@code kill -9} and restarted, the order and
 * payment services are stopped with SIGTERM (they must drain) and restarted, RabbitMQ is down for
 * 30 s, PostgreSQL restarts and poison messages arrive; afterwards every accepted order must have
 * ended, exactly once, with stock and money right. Run by {@code ./faults.sh} (Maven profile {@code
 * faults}); it needs the whole system running from this working copy, since it crashes and restarts
 * its processes through {@code ./run.sh}.
 */
class FaultInjectionRun {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final int orders = Integer.getInteger("sagashop.orders", 2000);
  private final int threads = Integer.getInteger("sagashop.threads", 8);
  private final double perSecond =
      Double.parseDouble(System.getProperty("sagashop.orderRate", "5"));
  private final Duration settle = Duration.ofSeconds(Long.getLong("sagashop.settleSeconds", 300));
  private final Duration gap = Duration.ofSeconds(Long.getLong("sagashop.faultGapSeconds", 15));
  private final Path root = Processes.root();

  private final Shop shop = new Shop();
  private final RatePacer pacer = new RatePacer();
  private final EventStores stores = new EventStores();
  private final List<Invariant> invariants = new ArrayList<>();

  /** One checked property: how many things were checked and which of them broke it. */
  record Invariant(String name, long checked, List<String> violations) {

    boolean holds() {
      return violations.isEmpty();
    }
  }

  @Test
  void everyAcceptedOrderEndsExactlyOnceWithStockAndMoneyRight() throws Exception {
    Instant began = Instant.now();
    FaultInjector faults = new FaultInjector(stores);
    Workload workload = new Workload(shop, pacer, stores);
    workload.prepare(orders, began.toEpochMilli());
    Instant prepared = Instant.now();
    Map<String, Long> deadLettersBefore = faults.deadLetterCounts();

    Traffic traffic = new Traffic(shop, pacer, () -> faults.brokerDown);
    ExecutorService clients = traffic.start(workload.plan, perSecond, threads);
    injectFaults(faults, traffic);
    Instant lastFault = Instant.now();
    assertThat(clients.awaitTermination(2, TimeUnit.HOURS)).as("clients finished").isTrue();
    Instant trafficEnded = traffic.finishedAt();

    List<Sent> sent = new ArrayList<>(traffic.sent);
    Map<String, Sent> accepted = new LinkedHashMap<>();
    sent.stream().filter(Sent::accepted).forEach(s -> accepted.put(s.orderId(), s));
    Instant deadline = (lastFault.isAfter(trafficEnded) ? lastFault : trafficEnded).plus(settle);
    Map<String, Order> ended = awaitEnded(workload, accepted.keySet(), deadline);
    Instant allEnded = Instant.now();
    stores.awaitQuiet(Duration.ofSeconds(10), Duration.ofMinutes(3));

    Ledger ledger = Ledger.read(stores, workload.buyerIds(), workload.initialStock.keySet());
    checkOrders(workload, sent, accepted, ledger, ended);
    checkStock(workload, ledger);
    checkMoney(workload, ledger);
    checkSagasAndDeadLetters(faults, deadLettersBefore, ledger);
    checkNotifications(ledger);
    checkGracefulStops(faults);

    String report =
        report(
            workload,
            traffic,
            sent,
            accepted,
            ledger,
            faults,
            Map.of(
                "began", began,
                "prepared", prepared,
                "lastFault", lastFault,
                "trafficEnded", trafficEnded,
                "allEnded", allEnded,
                "checked", Instant.now()));
    System.out.println(report);
    Path file = root.resolve(".run/fault-report.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report, StandardCharsets.UTF_8);

    assertThat(invariants.stream().filter(i -> !i.holds()).map(Invariant::name).toList())
        .as("invariants violated (report: %s)", file)
        .isEmpty();
  }

  /**
   * The faults, one after another with a pause between them, starting once the stream is under way.
   * Each kill is followed by a restart that returns when the process is ready again.
   */
  private void injectFaults(FaultInjector faults, Traffic traffic) {
    Instant warm = Instant.now().plus(Duration.ofSeconds(20));
    while (traffic.sentSoFar() < orders / 20 && Instant.now().isBefore(warm)) {
      Workload.sleep(Duration.ofMillis(200));
    }
    List<Runnable> schedule =
        List.of(
            faults::poison,
            () -> faults.crashAndRestart("user"),
            () -> faults.crashAndRestart("product"),
            () -> faults.stopGracefullyAndRestart("order"),
            faults::brokerOutage,
            () -> faults.crashAndRestart("order"),
            () -> faults.crashAndRestart("payment"),
            () -> faults.stopGracefullyAndRestart("payment"),
            faults::databaseRestart,
            () -> faults.crashAndRestart("notification"),
            () -> faults.crashAndRestart("gateway"));
    for (Runnable fault : schedule) {
      fault.run();
      Workload.sleep(gap);
    }
  }

  /** Polls the order read model until every accepted order has ended, or the deadline passes. */
  private Map<String, Order> awaitEnded(Workload workload, Set<String> accepted, Instant deadline) {
    while (true) {
      Map<String, Order> orders = Ledger.ordersOf(stores, workload.buyerIds());
      boolean allEnded =
          accepted.stream().allMatch(id -> orders.containsKey(id) && orders.get(id).ended());
      if (allEnded || Instant.now().isAfter(deadline)) {
        return orders;
      }
      Workload.sleep(Duration.ofSeconds(2));
    }
  }

  private void checkOrders(
      Workload workload,
      List<Sent> sent,
      Map<String, Sent> accepted,
      Ledger ledger,
      Map<String, Order> endedByDeadline) {
    invariant(
        "every accepted order ended in time",
        accepted.size(),
        accepted.keySet().stream()
            .filter(id -> !endedByDeadline.containsKey(id) || !endedByDeadline.get(id).ended())
            .map(
                id ->
                    id
                        + " "
                        + (endedByDeadline.containsKey(id)
                            ? endedByDeadline.get(id).status()
                            : "missing")));

    // the public API tells each buyer the same end as the read model
    Map<String, String> apiStatus = new ConcurrentHashMap<>();
    ExecutorService readers = Executors.newFixedThreadPool(threads);
    for (Sent s : accepted.values()) {
      readers.execute(
          () -> {
            User buyer = s.order().buyer();
            pacer.awaitTurn(buyer.token());
            Response response = shop.get("/api/orders/" + s.orderId(), buyer.token());
            apiStatus.put(
                s.orderId(),
                response.status() == 200
                    ? response.body().get("status").asText()
                    : "HTTP " + response.status());
          });
    }
    readers.shutdown();
    try {
      assertThat(readers.awaitTermination(30, TimeUnit.MINUTES)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    invariant(
        "the API shows each accepted order ended",
        accepted.size(),
        accepted.keySet().stream()
            .filter(
                id ->
                    !(ledger.orders.containsKey(id)
                        && ledger.orders.get(id).ended()
                        && ledger.orders.get(id).status().equals(apiStatus.get(id))))
            .map(id -> id + " API " + apiStatus.get(id)));

    long unanswered = sent.stream().filter(s -> s.status() == 0).count();
    Set<String> extra = new HashSet<>(ledger.orders.keySet());
    extra.removeAll(accepted.keySet());
    List<String> duplicates = new ArrayList<>();
    if (extra.size() > unanswered) {
      extra.forEach(id -> duplicates.add(id + " was never acknowledged to a client"));
    }
    invariant("one order per Idempotency-Key", sent.size(), duplicates.stream());

    // the promise for a broker outage: orders keep being accepted, and complete once it is back
    invariant(
        "orders accepted while RabbitMQ was down completed",
        accepted.values().stream()
            .filter(s -> s.whileBrokerDown() && s.order().kind() == Kind.COMPLETES)
            .count(),
        accepted.values().stream()
            .filter(s -> s.whileBrokerDown() && s.order().kind() == Kind.COMPLETES)
            .filter(s -> !"COMPLETED".equals(statusOf(ledger, s.orderId())))
            .map(s -> s.orderId() + " " + reasonOf(ledger, s.orderId())));

    invariant(
        "orders meant to fail never completed",
        accepted.size(),
        accepted.values().stream()
            .filter(s -> s.order().kind() != Kind.COMPLETES)
            .filter(s -> "COMPLETED".equals(statusOf(ledger, s.orderId())))
            .map(s -> s.orderId() + " " + s.order().kind() + " COMPLETED"));
  }

  private void checkStock(Workload workload, Ledger ledger) {
    Map<String, Integer> completedQuantity = new HashMap<>();
    ledger.orders.values().stream()
        .filter(o -> o.status().equals("COMPLETED"))
        .forEach(
            o ->
                ledger
                    .lines
                    .getOrDefault(o.orderId(), Map.of())
                    .forEach(
                        (product, quantity) ->
                            completedQuantity.merge(product, quantity, Integer::sum)));
    invariant(
        "stock conserved: initial = available + completed",
        workload.initialStock.size(),
        workload.initialStock.entrySet().stream()
            .filter(
                e ->
                    e.getValue()
                        != ledger.availableStock.getOrDefault(e.getKey(), -1)
                            + completedQuantity.getOrDefault(e.getKey(), 0))
            .map(
                e ->
                    "%s initial %d available %s completed %d"
                        .formatted(
                            e.getKey(),
                            e.getValue(),
                            ledger.availableStock.get(e.getKey()),
                            completedQuantity.getOrDefault(e.getKey(), 0))));

    List<String> negative = new ArrayList<>();
    ledger.productEvents.stream()
        .filter(m -> m.payload().has("availableStock"))
        .filter(m -> m.payload().get("availableStock").asInt() < 0)
        .forEach(m -> negative.add(m.type() + " " + m.aggregateId() + " order " + m.orderId()));
    ledger.availableStock.forEach(
        (product, stock) -> {
          if (stock < 0) {
            negative.add(product + " catalog " + stock);
          }
        });
    invariant(
        "stock never negative",
        ledger.productEvents.size() + ledger.availableStock.size(),
        negative.stream());

    // per order and product: what is still held must be exactly what a completed order bought
    Map<String, Integer> held = new HashMap<>();
    Map<String, Integer> reservations = new HashMap<>();
    for (Movement m : ledger.productEvents) {
      String key = m.orderId() + " " + m.aggregateId();
      switch (m.type()) {
        case "StockReservedEvent" -> {
          held.merge(key, m.payload().get("quantity").asInt(), Integer::sum);
          reservations.merge(key, 1, Integer::sum);
        }
        case "StockReleasedEvent" ->
            held.merge(key, -m.payload().get("quantity").asInt(), Integer::sum);
        default -> {}
      }
    }
    List<String> wrong = new ArrayList<>();
    reservations.forEach(
        (key, count) -> {
          if (count > 1) {
            wrong.add(key + " reserved " + count + " times");
          }
        });
    for (Order order : ledger.orders.values()) {
      Map<String, Integer> bought = ledger.lines.getOrDefault(order.orderId(), Map.of());
      for (String product : workload.initialStock.keySet()) {
        int stillHeld = held.getOrDefault(order.orderId() + " " + product, 0);
        int expected = order.status().equals("COMPLETED") ? bought.getOrDefault(product, 0) : 0;
        if (order.ended() && stillHeld != expected) {
          wrong.add(
              "%s %s %s holds %d, expected %d"
                  .formatted(order.orderId(), order.status(), product, stillHeld, expected));
        }
      }
    }
    invariant(
        "reservations: completed hold what they bought, cancelled released all",
        ledger.orders.size(),
        wrong.stream());
  }

  private void checkMoney(Workload workload, Ledger ledger) {
    Map<String, List<BigDecimal>> charges = new HashMap<>();
    Map<String, List<BigDecimal>> refunds = new HashMap<>();
    Map<String, BigDecimal> expectedBalance = new HashMap<>();
    BigDecimal opened = BigDecimal.ZERO;
    BigDecimal deposits = BigDecimal.ZERO;
    for (Movement m : ledger.paymentEvents) {
      switch (m.type()) {
        case "AccountOpenedEvent" -> {
          BigDecimal start = m.payload().get("startingBalance").decimalValue();
          opened = opened.add(start);
          expectedBalance.merge(m.aggregateId(), start, BigDecimal::add);
        }
        case "MoneyDepositedEvent" -> {
          BigDecimal amount = m.payload().get("amount").decimalValue();
          deposits = deposits.add(amount);
          expectedBalance.merge(m.aggregateId(), amount, BigDecimal::add);
        }
        case "PaymentApprovedEvent" ->
            charges
                .computeIfAbsent(m.orderId(), id -> new ArrayList<>())
                .add(m.payload().get("amount").decimalValue());
        case "PaymentRefundedEvent" -> {
          BigDecimal amount = m.payload().get("amount").decimalValue();
          if (amount.signum() > 0) {
            refunds.computeIfAbsent(m.orderId(), id -> new ArrayList<>()).add(amount);
          }
        }
        default -> {}
      }
    }
    List<String> completedWrong = new ArrayList<>();
    List<String> cancelledWrong = new ArrayList<>();
    BigDecimal completedTotals = BigDecimal.ZERO;
    for (Order order : ledger.orders.values()) {
      List<BigDecimal> charged = charges.getOrDefault(order.orderId(), List.of());
      List<BigDecimal> refunded = refunds.getOrDefault(order.orderId(), List.of());
      if (order.status().equals("COMPLETED")) {
        completedTotals = completedTotals.add(order.total());
        expectedBalance.merge(order.userId(), order.total().negate(), BigDecimal::add);
        if (charged.size() != 1
            || charged.get(0).compareTo(order.total()) != 0
            || !refunded.isEmpty()) {
          completedWrong.add(
              "%s total %s charged %s refunded %s"
                  .formatted(order.orderId(), order.total(), charged, refunded));
        }
      } else if (order.status().equals("CANCELLED")) {
        boolean refundedExactly =
            charged.size() == refunded.size()
                && charged.size() <= 1
                && (charged.isEmpty() || charged.get(0).compareTo(refunded.get(0)) == 0);
        if (!refundedExactly) {
          cancelledWrong.add(
              "%s charged %s refunded %s".formatted(order.orderId(), charged, refunded));
        }
      }
    }
    long completed =
        ledger.orders.values().stream().filter(o -> o.status().equals("COMPLETED")).count();
    invariant("each completed order charged exactly once", completed, completedWrong.stream());
    invariant(
        "each cancelled order: every charge refunded exactly once",
        ledger.orders.size() - completed,
        cancelledWrong.stream());

    List<String> balanceWrong = new ArrayList<>();
    BigDecimal sum = ledger.balances.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal expectedSum = opened.add(deposits).subtract(completedTotals);
    if (sum.compareTo(expectedSum) != 0) {
      balanceWrong.add("sum %s, expected %s".formatted(sum, expectedSum));
    }
    if (deposits.compareTo(workload.deposited) != 0) {
      balanceWrong.add("deposits %s, made %s".formatted(deposits, workload.deposited));
    }
    BigDecimal apiSum = BigDecimal.ZERO;
    for (User buyer : workload.buyers()) {
      BigDecimal wallet = workload.wallet(buyer);
      apiSum = apiSum.add(wallet);
      BigDecimal expected = expectedBalance.getOrDefault(buyer.userId(), BigDecimal.ZERO);
      if (wallet.compareTo(expected) != 0) {
        balanceWrong.add("%s wallet %s, expected %s".formatted(buyer.userId(), wallet, expected));
      }
    }
    if (apiSum.compareTo(expectedSum) != 0) {
      balanceWrong.add("API sum %s, expected %s".formatted(apiSum, expectedSum));
    }
    invariant(
        "sum of balances = %s opened + %s deposited - %s completed"
            .formatted(opened, deposits, completedTotals),
        workload.buyers().size(),
        balanceWrong.stream());
  }

  private void checkSagasAndDeadLetters(
      FaultInjector faults, Map<String, Long> deadLettersBefore, Ledger ledger) {
    invariant(
        "no saga left running (%d in the whole store)".formatted(ledger.runningSagasInAll),
        ledger.orders.size(),
        ledger.runningSagasOfRun == 0
            ? java.util.stream.Stream.empty()
            : java.util.stream.Stream.of(ledger.runningSagasOfRun + " sagas of the run"));
    Map<String, Long> after = faults.deadLetterCounts();
    List<String> wrong = new ArrayList<>();
    long injected = 0;
    for (String service : FaultInjector.SUBSCRIBERS) {
      long expected = faults.poisonPerQueue.getOrDefault(FaultInjector.queueOf(service), 0);
      injected += expected;
      long got = after.get(service) - deadLettersBefore.get(service);
      if (got != expected) {
        wrong.add("%s: %d dead-lettered, %d injected".formatted(service, got, expected));
      }
    }
    invariant("RabbitMQ dead letters = the injected poison", injected, wrong.stream());
    invariant(
        "no Axon dead letters " + ledger.axonDeadLetters,
        ledger.axonDeadLetters.size(),
        ledger.axonDeadLetters.entrySet().stream()
            .filter(e -> e.getValue() != 0)
            .map(e -> e.getKey() + " " + e.getValue()));
  }

  private void checkGracefulStops(FaultInjector faults) {
    List<FaultInjector.GracefulStop> stops = faults.gracefulStops();
    invariant(
        "each SIGTERM drained: exited by itself within %ds, requests done, segments released"
            .formatted(Processes.STOP_LIMIT.toSeconds()),
        stops.size(),
        stops.stream()
            .filter(stop -> !stop.drained())
            .map(
                stop ->
                    "%s (%d): exited by itself %s after %ds, requests drained %s, %d segments claimed"
                        .formatted(
                            stop.process(),
                            stop.pid(),
                            stop.exitedByItself(),
                            stop.took().toSeconds(),
                            stop.requestsDrained(),
                            stop.segmentsStillClaimed())));
  }

  private void checkNotifications(Ledger ledger) {
    List<String> duplicates = new ArrayList<>();
    ledger.notifications.forEach(
        (order, kinds) ->
            kinds.forEach(
                (kind, count) -> {
                  if (count > 1) {
                    duplicates.add(order + " " + kind + " x" + count);
                  }
                }));
    invariant(
        "no duplicate notification",
        ledger.notifications.values().stream().mapToLong(Map::size).sum(),
        duplicates.stream());
    invariant(
        "each ended order notified of placing and end",
        ledger.orders.size(),
        ledger.orders.values().stream()
            .filter(Order::ended)
            .filter(
                o -> {
                  Map<String, Integer> kinds =
                      ledger.notifications.getOrDefault(o.orderId(), Map.of());
                  return kinds.getOrDefault("PLACED", 0) != 1
                      || kinds.getOrDefault(o.status(), 0) != 1;
                })
            .map(
                o -> o.orderId() + " " + o.status() + " " + ledger.notifications.get(o.orderId())));
  }

  private void invariant(String name, long checked, java.util.stream.Stream<String> violations) {
    invariants.add(new Invariant(name, checked, violations.toList()));
  }

  private static String statusOf(Ledger ledger, String orderId) {
    Order order = ledger.orders.get(orderId);
    return order == null ? "missing" : order.status();
  }

  private String report(
      Workload workload,
      Traffic traffic,
      List<Sent> sent,
      Map<String, Sent> accepted,
      Ledger ledger,
      FaultInjector faults,
      Map<String, Instant> at) {
    StringBuilder out = new StringBuilder();
    Instant began = at.get("began");
    out.append("Saga Shop fault-injection run, ")
        .append(began.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append('\n');
    out.append(
        "Setup: %d products, %d buyers (%d short of funds), %s opened + %s deposited; %d orders at %.1f/s from %d clients%n"
            .formatted(
                workload.initialStock.size(),
                workload.buyers().size(),
                workload.poorBuyers.size(),
                sum(ledger, "AccountOpenedEvent", "startingBalance"),
                workload.deposited,
                orders,
                perSecond,
                threads));
    Map<String, Long> refused =
        sent.stream()
            .filter(Predicate.not(Sent::accepted))
            .collect(Collectors.groupingBy(s -> "HTTP " + s.status(), Collectors.counting()));
    out.append(
        "Orders: %d sent, %d accepted (202), %d not accepted %s; %d resent after 5xx/no answer, %d after 429%n"
            .formatted(
                sent.size(),
                accepted.size(),
                sent.size() - accepted.size(),
                refused,
                traffic.retries.get(),
                traffic.throttled.get()));
    Map<String, Long> outcome = new LinkedHashMap<>();
    for (Sent s : accepted.values()) {
      Order order = ledger.orders.get(s.orderId());
      String status = order == null ? "MISSING" : order.status();
      String why = status.equals("CANCELLED") ? " (" + reasonOf(order.reason()) + ")" : "";
      outcome.merge(status + why, 1L, Long::sum);
    }
    out.append("Ended: ").append(outcome).append('\n');
    Map<Kind, Map<String, Long>> byKind = new LinkedHashMap<>();
    for (Sent s : accepted.values()) {
      byKind
          .computeIfAbsent(s.order().kind(), k -> new LinkedHashMap<>())
          .merge(statusOf(ledger, s.orderId()), 1L, Long::sum);
    }
    out.append("By plan: ").append(byKind).append('\n');
    List<Sent> duringOutage = accepted.values().stream().filter(Sent::whileBrokerDown).toList();
    out.append(
        "Accepted while RabbitMQ was down: %d, of which %d completed, %d cancelled%n"
            .formatted(
                duringOutage.size(),
                duringOutage.stream()
                    .filter(s -> "COMPLETED".equals(statusOf(ledger, s.orderId())))
                    .count(),
                duringOutage.stream()
                    .filter(s -> "CANCELLED".equals(statusOf(ledger, s.orderId())))
                    .count()));
    out.append("Faults (UTC, seconds until back):\n");
    for (FaultInjector.Fault fault : faults.injected()) {
      out.append(
          "  %s %-22s %4ds  %s%n"
              .formatted(
                  CLOCK.format(fault.began()),
                  fault.name(),
                  Duration.between(fault.began(), fault.ended()).toSeconds(),
                  fault.detail()));
    }
    out.append("Invariants:\n");
    for (Invariant invariant : invariants) {
      out.append(
          "  %-4s %-66s %7d checked, %d violations%n"
              .formatted(
                  invariant.holds() ? "PASS" : "FAIL",
                  invariant.name(),
                  invariant.checked(),
                  invariant.violations().size()));
      invariant.violations().stream()
          .limit(5)
          .forEach(v -> out.append("         ").append(v).append('\n'));
    }
    out.append(
        "Durations: setup %ds, traffic %ds, orders awaited %ds after the last fault, whole run %ds%n"
            .formatted(
                seconds(began, at.get("prepared")),
                seconds(at.get("prepared"), at.get("trafficEnded")),
                seconds(at.get("lastFault"), at.get("allEnded")),
                seconds(began, at.get("checked"))));
    boolean passed = invariants.stream().allMatch(Invariant::holds);
    out.append(passed ? "RESULT: PASS\n" : "RESULT: FAIL\n");
    return out.toString();
  }

  private static String sum(Ledger ledger, String type, String field) {
    return ledger.paymentEvents.stream()
        .filter(m -> m.type().equals(type))
        .map(m -> m.payload().get(field).decimalValue())
        .reduce(BigDecimal.ZERO, BigDecimal::add)
        .toPlainString();
  }

  private static String reasonOf(Ledger ledger, String orderId) {
    Order order = ledger.orders.get(orderId);
    return order == null
        ? "missing"
        : order.status() + (order.reason() == null ? "" : " (" + reasonOf(order.reason()) + ")");
  }

  /** The cancellation reason, reduced to its kind for counting. */
  private static String reasonOf(String reason) {
    String text = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
    if (text.contains("in time")) {
      return "timeout";
    }
    if (text.contains("funds")) {
      return "funds";
    }
    if (text.contains("stock")) {
      return "stock";
    }
    return reason;
  }

  private static long seconds(Instant from, Instant to) {
    return Duration.between(from, to).toSeconds();
  }
}
