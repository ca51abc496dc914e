package org.sagashop.systemtest.faults;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.sagashop.systemtest.RatePacer;
import org.sagashop.systemtest.Shop;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.faults.Workload.PlannedOrder;

/**
 * A steady stream of orders through the gateway, as real clients send them: each order has its own
 * {@code Idempotency-Key}, and after a 5xx answer, a refused connection or a timeout it is sent
 * again with the same key until it is accepted (202) or refused for good (another 4xx).
 */
public final class Traffic {

  /** How one planned order fared at the gateway. */
  public record Sent(
      PlannedOrder order,
      String key,
      int status,
      String orderId,
      Instant answeredAt,
      int attempts,
      boolean whileBrokerDown,
      String refusal,
      Duration lateBy,
      Duration lastAnswerTook) {

    public boolean accepted() {
      return status == 202;
    }
  }

  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

  private final Shop shop;
  private final RatePacer pacer;
  private final BooleanSupplier brokerDown;
  public final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  private final AtomicInteger next = new AtomicInteger();
  private volatile Instant finishedAt;

  public Traffic(Shop shop, RatePacer pacer, BooleanSupplier brokerDown) {
    this.shop = shop;
    this.pacer = pacer;
    this.brokerDown = brokerDown;
  }

  /** Sends the plan at {@code perSecond} orders a second from {@code threads} clients. */
  public ExecutorService start(List<PlannedOrder> plan, double perSecond, int threads) {
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    AtomicInteger running = new AtomicInteger(threads);
    for (int t = 0; t < threads; t++) {
      clients.execute(
          () -> {
            try {
              int i;
              while ((i = next.getAndIncrement()) < plan.size()) {
                long due = start + (long) (i * TimeUnit.SECONDS.toNanos(1) / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  Workload.sleep(Duration.ofNanos(wait));
                }
                Duration late = Duration.ofNanos(Math.max(0, System.nanoTime() - due));
                sent.add(place(plan.get(i), late));
              }
            } finally {
              if (running.decrementAndGet() == 0) {
                finishedAt = Instant.now();
              }
            }
          });
    }
    clients.shutdown();
    return clients;
  }

  int sentSoFar() {
    return Math.min(next.get(), sent.size());
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  private Sent place(PlannedOrder order, Duration late) {
    String key = UUID.randomUUID().toString();
    Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
    int attempts = 0;
    String lastProblem = "";
    while (Instant.now().isBefore(giveUp)) {
      attempts++;
      String token = order.buyer().token();
      pacer.awaitTurn(token);
      long sentAt = System.nanoTime();
      try {
        Response response =
            shop.send("POST", "/api/orders", order.body(), token, Map.of("Idempotency-Key", key));
        Duration took = Duration.ofNanos(System.nanoTime() - sentAt);
        int status = response.status();
        if (status == 202) {
          return new Sent(
              order,
              key,
              status,
              response.body().get("orderId").asText(),
              Instant.now(),
              attempts,
              brokerDown.getAsBoolean(),
              null,
              late,
              took);
        }
        if (status == 429) {
          throttled.incrementAndGet();
        } else if (status < 500) {
          return new Sent(
              order, key, status, null, Instant.now(), attempts, false, response.raw(), late, took);
        } else {
          retries.incrementAndGet();
        }
        lastProblem = status + " " + response.raw();
      } catch (UncheckedIOException unreachable) {
        retries.incrementAndGet();
        lastProblem = unreachable.getCause().toString();
      }
      Workload.sleep(RETRY_PAUSE);
    }
    return new Sent(
        order,
        key,
        0,
        null,
        Instant.now(),
        attempts,
        false,
        "gave up after: " + lastProblem,
        late,
        null);
  }
}
