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
import java.util.stream.Stream;
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
 * 30 s, PostgreSQL restarts, poison messages arrive, product and then payment hang (SIGSTOP) for
 * longer than a step deadline, the order service runs for a while with step deadlines as short as
 * the steps, payment and then product (the target of the releases) are down for minutes, and a
 * crowd of buyers who have just signed up order at once; afterwards every accepted order must have
 * ended, exactly once, with stock and money right. Run by {@code ./faults.sh} (Maven profile {@code
 * faults}); it needs the whole system running from this working copy, since it crashes and restarts
 * its processes through {@code ./run.sh}.
 *
 * <p>The stream places at least {@code sagashop.orders} orders and goes on until the last fault is
 * over, so that orders arrive during every fault, the long ones included; the plan is sized from
 * the schedule's expected length with room to spare.
 */
class FaultInjectionRun {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final int orders = Integer.getInteger("sagashop.orders", 2000);
  private final int threads = Integer.getInteger("sagashop.threads", 8);
  private final double perSecond =
      Double.parseDouble(System.getProperty("sagashop.orderRate", "5"));

  /**
   * The rate while peers hang and the compensations' target is down for minutes. Each order placed
   * then is a saga that retries its commands until its deadline and its compensations until they go
   * through: at 5 a second, the first run of these faults had thousands of sagas retrying at once
   * (see RELIABILITY.md); the faults prove the saga's behaviour, not the machine's capacity.
   */
  private final double longFaultRate =
      Double.parseDouble(System.getProperty("sagashop.longFaultRate", "2"));

  /** Whether the long faults are injected after the others ({@code ./faults.sh --short}: not). */
  private final boolean longFaults =
      Boolean.parseBoolean(System.getProperty("sagashop.longFaults", "true"));

  private final Duration settle = Duration.ofSeconds(Long.getLong("sagashop.settleSeconds", 300));
  private final Duration gap = Duration.ofSeconds(Long.getLong("sagashop.faultGapSeconds", 15));
  private final Path root = Processes.root();

  /** The step deadlines the system runs with, and the ones that race the steps for a while. */
  private final StepDeadlines deadlines = StepDeadlines.fromEnvironment();

  /**
   * The step deadlines the order service runs with while peers hang and the compensations' target
   * is down: a hang or an outage must outlast a step deadline, and with the default of 2 minutes
   * these faults alone would take a quarter of an hour longer.
   */
  private final StepDeadlines longFaultDeadlines =
      new StepDeadlines(
          StepDeadlines.parse(
              "sagashop.longFaultReservationTimeout",
              System.getProperty("sagashop.longFaultReservationTimeout", "40s")),
          StepDeadlines.parse(
              "sagashop.longFaultPaymentTimeout",
              System.getProperty("sagashop.longFaultPaymentTimeout", "40s")));

  /**
   * Measured on the 2-core development machine at 5 orders a second, warm: from placing to the last
   * reservation 130 ms median, 360 ms at the 90th percentile, 690 ms at most; from the payment
   * request to its answer 130, 400 and 670 ms. Deadlines of this length fire while their steps
   * complete, or just after.
   */
  private final StepDeadlines racing =
      new StepDeadlines(
          StepDeadlines.parse(
              "sagashop.shortReservationTimeout",
              System.getProperty("sagashop.shortReservationTimeout", "400ms")),
          StepDeadlines.parse(
              "sagashop.shortPaymentTimeout",
              System.getProperty("sagashop.shortPaymentTimeout", "300ms")));

  private final Duration racingFor =
      Duration.ofSeconds(Long.getLong("sagashop.shortDeadlineSeconds", 45));
  private final int newBuyerCount = Integer.getInteger("sagashop.newBuyers", 20);

  /** How much longer than the step deadline a peer hangs, and than it an order may take to end. */
  private static final Duration BEYOND_DEADLINE = Duration.ofSeconds(30);

  /** Expected time of a warm-up, a restart and the like, to size the plan of orders. */
  private static final Duration WARM_UP = Duration.ofSeconds(20);

  private static final Duration RESTART = Duration.ofSeconds(30);

  /**
   * The plan holds this many times the orders the schedule is expected to need: on a loaded machine
   * a restart takes minutes rather than seconds (a run with 1.5 used up 95% of its plan).
   */
  private static final double PLAN_MARGIN = 2;

  private volatile boolean faultsOver;
  private final List<Sent> newBuyerOrders = new ArrayList<>();
  private final List<String> newBuyerFailures = new ArrayList<>();

  private final Shop shop = new Shop();
  private final RatePacer pacer = new RatePacer();
  private final EventStores stores = new EventStores();
  private final List<Invariant> invariants = new ArrayList<>();

  /**
   * One fault of the schedule, with how long it is expected to take (to size the plan); a long one
   * runs at {@link #longFaultRate}.
   */
  private record Step(Duration expected, Runnable inject, boolean longFault) {

    Step(Duration expected, Runnable inject) {
      this(expected, inject, false);
    }
  }

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
    Traffic traffic = new Traffic(shop, pacer, () -> faults.brokerDown);
    List<Step> schedule = schedule(faults, workload, traffic);
    int planned = plannedOrders(schedule);
    workload.prepare(planned, began.toEpochMilli());
    Instant prepared = Instant.now();
    Map<String, Long> deadLettersBefore = faults.deadLetterCounts();

    ExecutorService clients =
        traffic.start(workload.plan, perSecond, threads, orders, () -> faultsOver);
    injectFaults(schedule, traffic);
    faultsOver = true;
    Instant lastFault = Instant.now();
    assertThat(clients.awaitTermination(2, TimeUnit.HOURS)).as("clients finished").isTrue();
    Instant trafficEnded = traffic.finishedAt();

    List<Sent> sent = new ArrayList<>(traffic.sent);
    Map<String, Sent> accepted = new LinkedHashMap<>();
    sent.stream().filter(Sent::accepted).forEach(s -> accepted.put(s.orderId(), s));
    Instant deadline = (lastFault.isAfter(trafficEnded) ? lastFault : trafficEnded).plus(settle);
    Map<String, Order> ended = awaitEnded(workload, accepted.keySet(), deadline);
    Instant allEnded = Instant.now();
    awaitSagasEnded(workload, deadline);
    Instant sagasEnded = Instant.now();
    boolean settled = awaitQuiet();

    Ledger ledger = Ledger.read(stores, workload.buyerIds(), workload.initialStock.keySet());
    checkOrders(workload, sent, accepted, ledger, ended, faults);
    checkStock(workload, ledger);
    checkMoney(workload, ledger);
    checkSagasAndDeadLetters(faults, deadLettersBefore, ledger);
    checkNotifications(ledger);
    checkGracefulStops(faults);
    checkHungPeers(faults, accepted, ledger);
    checkNoCompensationOfCompleted(ledger);
    checkNewBuyers(ledger);
    checkOrdersDuringLongFaults(faults, accepted);
    invariant(
        "event stores settled (no event for 10s) within 3 minutes",
        1,
        settled
            ? java.util.stream.Stream.empty()
            : java.util.stream.Stream.of("still receiving events: the figures above may move"));

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
                "sagasEnded", sagasEnded,
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
   * The faults, in the order they are injected: first the crashes, stops and outages, at the full
   * rate and with the system's own step deadlines; then the long faults, at {@link #longFaultRate}:
   * the order service restarted with {@link #longFaultDeadlines}, product and then payment hung for
   * longer than their step's deadline, payment and then product (the target of the releases) down
   * for minutes; then the order service with deadlines that race their steps, and with its own
   * again; last, new buyers who order at once.
   */
  private List<Step> schedule(FaultInjector faults, Workload workload, Traffic traffic) {
    Duration reservationHang = longFaultDeadlines.reservation().plus(BEYOND_DEADLINE);
    Duration paymentHang = longFaultDeadlines.payment().plus(BEYOND_DEADLINE);
    return Stream.of(
            new Step(Duration.ofSeconds(1), faults::poison),
            new Step(RESTART, () -> faults.crashAndRestart("user")),
            new Step(RESTART, () -> faults.crashAndRestart("product")),
            new Step(RESTART.plusSeconds(10), () -> faults.stopGracefullyAndRestart("order")),
            new Step(Duration.ofSeconds(40), faults::brokerOutage),
            new Step(RESTART, () -> faults.crashAndRestart("order")),
            new Step(RESTART, () -> faults.crashAndRestart("payment")),
            new Step(RESTART.plusSeconds(10), () -> faults.stopGracefullyAndRestart("payment")),
            new Step(Duration.ofSeconds(5), faults::databaseRestart),
            new Step(RESTART, () -> faults.crashAndRestart("notification")),
            new Step(RESTART, () -> faults.crashAndRestart("gateway")),
            new Step(RESTART, () -> faults.restartOrderWith(longFaultDeadlines), true),
            new Step(
                reservationHang.plusSeconds(5),
                () -> faults.hang("product", reservationHang),
                true),
            new Step(paymentHang.plusSeconds(5), () -> faults.hang("payment", paymentHang), true),
            new Step(
                Duration.ofSeconds(40).plus(FaultInjector.COMPENSATION_TARGET_OUTAGE).plus(RESTART),
                () -> faults.compensationTargetDown(longFaultDeadlines.payment()),
                true),
            new Step(
                racingFor.plus(RESTART).plus(RESTART),
                () -> faults.shortStepDeadlines(racing, racingFor),
                true),
            new Step(
                Duration.ofSeconds(15),
                () -> newBuyersOrderAtOnce(faults, workload, traffic),
                true))
        .filter(step -> longFaults || !step.longFault())
        .toList();
  }

  /**
   * How many orders to plan: the stream runs until the last fault is over, so enough for the
   * schedule's expected length, with room for slow restarts; never fewer than asked for.
   */
  private int plannedOrders(List<Step> schedule) {
    double expectedOrders = perSecond * WARM_UP.toSeconds();
    for (Step step : schedule) {
      double rate = step.longFault() ? longFaultRate : perSecond;
      expectedOrders += rate * step.expected().plus(gap).toSeconds();
    }
    return Math.max(orders, (int) Math.ceil(expectedOrders * PLAN_MARGIN));
  }

  /**
   * The faults, one after another with a pause between them, starting once the stream is under way.
   * Each kill is followed by a restart that returns when the process is ready again.
   */
  private void injectFaults(List<Step> schedule, Traffic traffic) {
    Instant warm = Instant.now().plus(WARM_UP);
    while (traffic.sentSoFar() < orders / 20 && Instant.now().isBefore(warm)) {
      Workload.sleep(Duration.ofMillis(200));
    }
    for (Step step : schedule) {
      if (step.longFault()) {
        traffic.rate(longFaultRate);
      }
      step.inject().run();
      Workload.sleep(gap);
    }
  }

  /**
   * Buyers who signed up a moment ago order at once, without waiting for their wallet: their
   * payment account is opened from their registration event, which may reach the payment service
   * after their first charge does. Each has the starting balance and orders one plentiful item, so
   * each order must complete.
   */
  private void newBuyersOrderAtOnce(FaultInjector faults, Workload workload, Traffic traffic) {
    Instant began = Instant.now();
    ExecutorService crowd = Executors.newFixedThreadPool(newBuyerCount);
    List<java.util.concurrent.Future<Sent>> placed = new ArrayList<>();
    for (int n = 0; n < newBuyerCount; n++) {
      int index = workload.plan.size() + n;
      placed.add(
          crowd.submit(
              () -> {
                pacer.awaitTurn(null);
                pacer.awaitTurn(null);
                User buyer = shop.registerAndLogin();
                return traffic.placeNow(workload.newBuyerOrder(buyer, index));
              }));
    }
    crowd.shutdown();
    for (java.util.concurrent.Future<Sent> order : placed) {
      try {
        Sent answer = order.get(10, TimeUnit.MINUTES);
        newBuyerOrders.add(answer);
        workload.newBuyers.add(answer.order().buyer());
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        newBuyerFailures.add("sign-up or order failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    faults.record(
        "new buyers order at once",
        began,
        "%d signed up and ordered at once, %d accepted"
            .formatted(
                newBuyerOrders.size(), newBuyerOrders.stream().filter(Sent::accepted).count()));
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

  /**
   * Polls until no saga of the run's orders is running, or the deadline passes: a cancelled order
   * has ended while its releases and refund may still be retried (the last fault takes down their
   * target).
   */
  private void awaitSagasEnded(Workload workload, Instant deadline) {
    while (Ledger.runningSagasOf(stores, workload.buyerIds()) > 0
        && Instant.now().isBefore(deadline)) {
      Workload.sleep(Duration.ofSeconds(2));
    }
  }

  /**
   * Waits until the event stores are quiet: whatever was in flight has settled. A system that does
   * not settle is reported, with what the databases hold by then, rather than left unexplained.
   */
  private boolean awaitQuiet() {
    try {
      stores.awaitQuiet(Duration.ofSeconds(10), Duration.ofMinutes(3));
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException stillBusy) {
      return false;
    }
  }

  private void checkOrders(
      Workload workload,
      List<Sent> sent,
      Map<String, Sent> accepted,
      Ledger ledger,
      Map<String, Order> endedByDeadline,
      FaultInjector faults) {
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

    // the promise for a broker outage: orders keep being accepted, and complete once it is back;
    // only a short step deadline, if the order was still in flight when they were in force, may
    // have cancelled one for a time-out
    invariant(
        "orders accepted while RabbitMQ was down completed",
        accepted.values().stream()
            .filter(s -> s.whileBrokerDown() && s.order().kind() == Kind.COMPLETES)
            .count(),
        accepted.values().stream()
            .filter(s -> s.whileBrokerDown() && s.order().kind() == Kind.COMPLETES)
            .filter(s -> !"COMPLETED".equals(statusOf(ledger, s.orderId())))
            .filter(s -> !timedOutUnderShortDeadlines(faults, ledger.orders.get(s.orderId())))
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

  /**
   * A peer that hangs is a peer that is down, once the command bus's read timeout has passed: every
   * order accepted while it hung ended (the order's own times: placed, completed or cancelled)
   * within the deadline of the step that needs the peer, plus {@link #BEYOND_DEADLINE}.
   */
  private void checkHungPeers(FaultInjector faults, Map<String, Sent> accepted, Ledger ledger) {
    List<String> wrong = new ArrayList<>();
    long checked = 0;
    StringBuilder limits = new StringBuilder();
    for (FaultInjector.Window hung : faults.windows()) {
      if (!hung.what().startsWith("hung ")) {
        continue;
      }
      String peer = hung.what().substring("hung ".length());
      Duration limit = stepNeeding(peer).plus(BEYOND_DEADLINE);
      limits.append(limits.isEmpty() ? "" : ", ").append(peer + " " + limit.toSeconds() + "s");
      for (Sent s : accepted.values()) {
        if (!hung.contains(s.answeredAt())) {
          continue;
        }
        checked++;
        Order order = ledger.orders.get(s.orderId());
        if (order == null || !order.ended() || order.endedAt() == null) {
          wrong.add(
              "%s accepted while %s hung: %s"
                  .formatted(s.orderId(), peer, order == null ? "missing" : order.status()));
        } else if (Duration.between(order.placedAt(), order.endedAt()).compareTo(limit) > 0) {
          wrong.add(
              "%s accepted while %s hung: %s %ds after it was placed"
                  .formatted(
                      s.orderId(),
                      peer,
                      order.status(),
                      Duration.between(order.placedAt(), order.endedAt()).toSeconds()));
        }
      }
    }
    invariant(
        "orders accepted while a peer hung ended within deadline + %ds (%s)"
            .formatted(BEYOND_DEADLINE.toSeconds(), limits),
        checked,
        wrong.stream());
  }

  /** The deadline of the step that waits for {@code peer}. */
  private Duration stepNeeding(String peer) {
    return peer.equals("payment") ? longFaultDeadlines.payment() : longFaultDeadlines.reservation();
  }

  /**
   * A deadline that fires as its step completes must undo nothing: a completed order was never sent
   * a release or a refund, not even one that found nothing to give back.
   */
  private void checkNoCompensationOfCompleted(Ledger ledger) {
    Set<String> completed =
        ledger.orders.values().stream()
            .filter(o -> o.status().equals("COMPLETED"))
            .map(Order::orderId)
            .collect(Collectors.toSet());
    List<String> wrong = new ArrayList<>();
    ledger.productEvents.stream()
        .filter(m -> m.type().equals("StockReleasedEvent") && completed.contains(m.orderId()))
        .forEach(
            m ->
                wrong.add(
                    "%s COMPLETED, %d of %s released at %s"
                        .formatted(
                            m.orderId(),
                            m.payload().path("quantity").asInt(),
                            m.aggregateId(),
                            m.at())));
    ledger.paymentEvents.stream()
        .filter(m -> m.type().equals("PaymentRefundedEvent") && completed.contains(m.orderId()))
        .forEach(
            m ->
                wrong.add(
                    "%s COMPLETED, %s refunded at %s"
                        .formatted(m.orderId(), m.payload().path("amount").asText(), m.at())));
    invariant(
        "no completed order has any stock release or any refund", completed.size(), wrong.stream());
  }

  private void checkNewBuyers(Ledger ledger) {
    List<String> wrong = new ArrayList<>(newBuyerFailures);
    for (Sent s : newBuyerOrders) {
      if (!s.accepted()) {
        wrong.add("%s HTTP %d %s".formatted(s.order().buyer().userId(), s.status(), s.refusal()));
      } else if (!"COMPLETED".equals(statusOf(ledger, s.orderId()))) {
        wrong.add(s.orderId() + " " + reasonOf(ledger, s.orderId()));
      }
    }
    invariant(
        "orders of buyers who had just signed up completed",
        newBuyerOrders.size() + newBuyerFailures.size(),
        wrong.stream());
  }

  /** A fault during which no order arrived proves nothing: each long one must have had orders. */
  private void checkOrdersDuringLongFaults(FaultInjector faults, Map<String, Sent> accepted) {
    List<FaultInjector.Window> windows = faults.windows();
    invariant(
        "orders accepted during each long fault (hang, short deadlines, outage)",
        windows.size(),
        windows.stream()
            .filter(w -> accepted.values().stream().noneMatch(s -> w.contains(s.answeredAt())))
            .map(w -> w.what() + ": no order accepted"));
  }

  /** Whether the order was in flight while the short deadlines were in force, and timed out. */
  private static boolean timedOutUnderShortDeadlines(FaultInjector faults, Order order) {
    return order != null
        && order.status().equals("CANCELLED")
        && "timeout".equals(reasonOf(order.reason()))
        && inFlightDuring(faults, FaultInjector.SHORT_DEADLINES, order);
  }

  /** Whether the order was in flight (placed, not yet ended) at some time in such a window. */
  private static boolean inFlightDuring(FaultInjector faults, String what, Order order) {
    return faults.windows().stream()
        .filter(w -> w.what().equals(what))
        .anyMatch(w -> w.overlaps(order.placedAt(), order.endedAt()));
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
        "Setup: %d products, %d buyers (%d short of funds, %d new during the run), %s opened + %s deposited; at least %d orders and on until the last fault is over (%d planned) at %.1f/s (%.1f/s during the long faults) from %d clients; step deadlines: reservation %ds, payment %ds (%ds and %ds during the long faults)%n"
            .formatted(
                workload.initialStock.size(),
                workload.buyers().size(),
                workload.poorBuyers.size(),
                workload.newBuyers.size(),
                sum(ledger, "AccountOpenedEvent", "startingBalance"),
                workload.deposited,
                orders,
                workload.plan.size(),
                perSecond,
                longFaultRate,
                threads,
                deadlines.reservation().toSeconds(),
                deadlines.payment().toSeconds(),
                longFaultDeadlines.reservation().toSeconds(),
                longFaultDeadlines.payment().toSeconds()));
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
          .merge(reasonOf(ledger, s.orderId()), 1L, Long::sum);
    }
    out.append("By plan: ").append(byKind).append('\n');
    out.append(cancelledByFault(accepted, ledger, faults));
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
    out.append(hungReport(accepted, ledger, faults));
    out.append(shortDeadlinesReport(ledger, faults));
    out.append(productDownReport(ledger, faults));
    out.append(
        "Buyers who had just signed up, ordering at once: %d, %d accepted, %d completed%n"
            .formatted(
                newBuyerOrders.size() + newBuyerFailures.size(),
                newBuyerOrders.stream().filter(Sent::accepted).count(),
                newBuyerOrders.stream()
                    .filter(s -> "COMPLETED".equals(statusOf(ledger, s.orderId())))
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
        "Durations: setup %ds, traffic %ds, orders awaited %ds and sagas %ds after the last fault, whole run %ds%n"
            .formatted(
                seconds(began, at.get("prepared")),
                seconds(at.get("prepared"), at.get("trafficEnded")),
                seconds(at.get("lastFault"), at.get("allEnded")),
                seconds(at.get("lastFault"), at.get("sagasEnded")),
                seconds(began, at.get("checked"))));
    boolean passed = invariants.stream().allMatch(Invariant::holds);
    out.append(passed ? "RESULT: PASS\n" : "RESULT: FAIL\n");
    return out.toString();
  }

  /**
   * Why orders meant to complete were cancelled: for a time-out while they were in flight during a
   * fault that explains it (short deadlines, a peer hung or down), or otherwise.
   */
  private static String cancelledByFault(
      Map<String, Sent> accepted, Ledger ledger, FaultInjector faults) {
    Map<String, Long> causes = new LinkedHashMap<>();
    for (Sent s : accepted.values()) {
      Order order = ledger.orders.get(s.orderId());
      if (s.order().kind() != Kind.COMPLETES
          || order == null
          || !order.status().equals("CANCELLED")) {
        continue;
      }
      String cause = reasonOf(order.reason()) + ", in flight during ";
      List<String> windows =
          faults.windows().stream()
              .filter(w -> w.overlaps(order.placedAt(), order.endedAt()))
              .map(FaultInjector.Window::what)
              .distinct()
              .toList();
      causes.merge(
          cause + (windows.isEmpty() ? "no long fault" : String.join(" + ", windows)),
          1L,
          Long::sum);
    }
    return "Meant to complete, cancelled: %d %s%n"
        .formatted(causes.values().stream().mapToLong(Long::longValue).sum(), causes);
  }

  private String hungReport(Map<String, Sent> accepted, Ledger ledger, FaultInjector faults) {
    List<String> parts = new ArrayList<>();
    for (FaultInjector.Window hung : faults.windows()) {
      if (!hung.what().startsWith("hung ")) {
        continue;
      }
      List<Order> ordersOf =
          accepted.values().stream()
              .filter(s -> hung.contains(s.answeredAt()))
              .map(s -> ledger.orders.get(s.orderId()))
              .filter(java.util.Objects::nonNull)
              .toList();
      long longest =
          ordersOf.stream()
              .filter(o -> o.endedAt() != null)
              .mapToLong(o -> Duration.between(o.placedAt(), o.endedAt()).toSeconds())
              .max()
              .orElse(0);
      parts.add(
          "%s %d (%d completed, %d cancelled; longest %ds from placing to end)"
              .formatted(
                  hung.what().substring("hung ".length()),
                  ordersOf.size(),
                  ordersOf.stream().filter(o -> o.status().equals("COMPLETED")).count(),
                  ordersOf.stream().filter(o -> o.status().equals("CANCELLED")).count(),
                  longest));
    }
    return "Accepted while a peer hung: " + String.join("; ", parts) + "\n";
  }

  private String shortDeadlinesReport(Ledger ledger, FaultInjector faults) {
    List<Order> exposed =
        ledger.orders.values().stream()
            .filter(o -> inFlightDuring(faults, FaultInjector.SHORT_DEADLINES, o))
            .toList();
    Map<String, Long> cancelled =
        exposed.stream()
            .filter(o -> o.status().equals("CANCELLED"))
            .collect(
                Collectors.groupingBy(
                    o -> String.valueOf(o.reason()), LinkedHashMap::new, Collectors.counting()));
    return "Short step deadlines (reservation %s, payment %s): %d orders in flight, %d completed, cancelled %s%n"
        .formatted(
            StepDeadlines.format(racing.reservation()),
            StepDeadlines.format(racing.payment()),
            exposed.size(),
            exposed.stream().filter(o -> o.status().equals("COMPLETED")).count(),
            cancelled);
  }

  /**
   * The orders compensated while product, the target of the releases, was down: cancelled between
   * its kill and its return, their releases confirmed only after it was back.
   */
  private static String productDownReport(Ledger ledger, FaultInjector faults) {
    List<FaultInjector.Window> down =
        faults.windows().stream().filter(w -> w.what().equals("down product")).toList();
    if (down.isEmpty()) {
      return "";
    }
    FaultInjector.Window window = down.get(0);
    Set<String> compensated =
        ledger.orders.values().stream()
            .filter(o -> o.status().equals("CANCELLED") && window.contains(o.endedAt()))
            .map(Order::orderId)
            .collect(Collectors.toSet());
    Set<String> holding = new HashSet<>();
    long releasedAfter = 0;
    for (Movement m : ledger.productEvents) {
      if (!compensated.contains(m.orderId())) {
        continue;
      }
      if (m.type().equals("StockReservedEvent")) {
        holding.add(m.orderId());
      } else if (m.type().equals("StockReleasedEvent")
          && m.payload().path("quantity").asInt() > 0
          && m.at().isAfter(window.from())) {
        releasedAfter++;
      }
    }
    return ("Compensated while product was down: %d orders cancelled between its kill and its"
            + " return, %d of them holding stock; %d of their reservations released once it was"
            + " back%n")
        .formatted(compensated.size(), holding.size(), releasedAfter);
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
