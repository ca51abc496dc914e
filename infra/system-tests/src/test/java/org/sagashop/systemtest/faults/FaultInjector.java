package org.sagashop.systemtest.faults;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sagashop.systemtest.EventStores;
import org.sagashop.systemtest.Processes;

/**
 * The faults, each injected once while orders keep arriving: {@code kill -9} of every service and
 * of the gateway followed by a restart (through {@code ./run.sh kill} and {@code restart}), a
 * SIGTERM of the order and payment services that must drain before they exit, a RabbitMQ outage, a
 * PostgreSQL restart, and poison messages published straight to the services' event queues. Every
 * command's output goes to {@code .run/logs/faults.log}.
 */
final class FaultInjector {

  /** One injected fault: what, when it began and ended (the process was back), and a detail. */
  record Fault(String name, Instant began, Instant ended, String detail) {}

  /** The event queues of the services that subscribe to other services' events. */
  static final List<String> SUBSCRIBERS = List.of("order", "payment", "notification");

  static final String NAMESPACE = env("SAGASHOP_MESSAGING_NAMESPACE", "sagashop");

  private static final Duration DOWN_BEFORE_RESTART = Duration.ofSeconds(5);
  private static final Duration BROKER_OUTAGE = Duration.ofSeconds(30);

  private final Processes processes = new Processes("faults.log");
  private final EventStores stores;
  final List<Fault> injected = new ArrayList<>();
  private final List<GracefulStop> gracefulStops = new ArrayList<>();
  final Map<String, Integer> poisonPerQueue = new LinkedHashMap<>();
  volatile boolean brokerDown;

  FaultInjector(EventStores stores) {
    this.stores = stores;
  }

  static String queueOf(String service) {
    return NAMESPACE + "." + service + ".events";
  }

  static String deadLetterQueueOf(String service) {
    return queueOf(service) + ".dlq";
  }

  /** kill -9, a few seconds down, then a restart that returns once the process is ready again. */
  void crashAndRestart(String process) {
    Instant began = Instant.now();
    processes.run("./run.sh", "kill", process);
    Workload.sleep(DOWN_BEFORE_RESTART);
    processes.run("./run.sh", "restart", process);
    record("kill -9 " + process, began, "restarted and ready");
  }

  /**
   * What a SIGTERM showed: whether the process exited by itself within {@link
   * Processes#STOP_LIMIT}, how long it took, whether its web server reported the requests in flight
   * done, and how many event processor segments it still held once it had gone (a drained processor
   * releases its claims).
   */
  record GracefulStop(
      String process,
      long pid,
      Duration took,
      boolean exitedByItself,
      boolean requestsDrained,
      long segmentsStillClaimed) {

    boolean drained() {
      return exitedByItself && requestsDrained && segmentsStillClaimed == 0;
    }
  }

  /**
   * SIGTERM, as an orchestrator stopping a container sends it, while orders keep arriving: the
   * process must finish what it is doing (requests in flight, the event batch in hand), release its
   * segments and exit by itself; then it is started again. If it does not exit in time it is
   * killed, and the stop counts as not drained.
   */
  void stopGracefullyAndRestart(String process) {
    Instant began = Instant.now();
    long pid = processes.pidOf(process);
    boolean exited = processes.terminate(process, pid);
    Duration took = Duration.between(began, Instant.now());
    if (!exited) {
      processes.run("./run.sh", "kill", process);
    }
    boolean requestsDrained = processes.logOf(process).contains("Graceful shutdown complete");
    long claimed = stores.segmentsClaimedBy(process, pid);
    synchronized (gracefulStops) {
      gracefulStops.add(new GracefulStop(process, pid, took, exited, requestsDrained, claimed));
    }
    Workload.sleep(DOWN_BEFORE_RESTART);
    processes.run("./run.sh", "restart", process);
    record(
        "SIGTERM " + process,
        began,
        (exited ? "exited by itself after %ds" : "still running after %ds, killed")
                .formatted(took.toSeconds())
            + ", %d segments left claimed; restarted and ready".formatted(claimed));
  }

  List<GracefulStop> gracefulStops() {
    synchronized (gracefulStops) {
      return List.copyOf(gracefulStops);
    }
  }

  /** The broker stopped for about 30 s, then started again and awaited. */
  void brokerOutage() {
    Instant began = Instant.now();
    Instant stoppedFor;
    try {
      processes.run("rabbitmqctl", "stop");
      brokerDown = true;
      Workload.sleep(BROKER_OUTAGE);
    } finally {
      brokerDown = false;
      stoppedFor = Instant.now();
      processes.run("rabbitmq-server", "-detached");
      awaitBroker();
    }
    record(
        "RabbitMQ outage",
        began,
        "down %ds, back after %ds"
            .formatted(
                Duration.between(began, stoppedFor).toSeconds(),
                Duration.between(began, Instant.now()).toSeconds()));
  }

  /** await_startup fails at once while the new node has not even registered: ask until it has. */
  private void awaitBroker() {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
    while (true) {
      try {
        processes.run("rabbitmqctl", "await_startup", "--timeout", "60");
        return;
      } catch (IllegalStateException notYet) {
        if (Instant.now().isAfter(giveUp)) {
          throw notYet;
        }
        Workload.sleep(Duration.ofSeconds(2));
      }
    }
  }

  void databaseRestart() {
    Instant began = Instant.now();
    String[] clusters = new File("/etc/postgresql").list();
    if (clusters == null || clusters.length != 1) {
      throw new IllegalStateException("expected one PostgreSQL version in /etc/postgresql");
    }
    processes.run("pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "restart");
    record("PostgreSQL restart", began, "cluster " + clusters[0] + "/main");
  }

  /**
   * Three poison messages to each subscriber's queue: bytes without the event headers, an event of
   * a type nobody knows, and a known event type whose body is not JSON. Each must land in that
   * service's dead-letter queue and nothing else may.
   */
  void poison() {
    Instant began = Instant.now();
    ConnectionFactory factory = connectionFactory();
    try (com.rabbitmq.client.Connection connection = factory.newConnection("fault-injection");
        Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      for (String service : SUBSCRIBERS) {
        String queue = queueOf(service);
        channel.basicPublish(
            "", queue, properties(Map.of()), new byte[] {(byte) 0xff, 0, (byte) 0xfe, 1, 2});
        channel.basicPublish(
            "",
            queue,
            properties(axonHeaders("org.sagashop.coreapi.order.event.OrderTeleportedEvent")),
            "{\"orderId\":\"nowhere\"}".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish(
            "",
            queue,
            properties(axonHeaders(knownTypeFor(service))),
            "{not json at all".getBytes(StandardCharsets.UTF_8));
        poisonPerQueue.merge(queue, 3, Integer::sum);
      }
      channel.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(10));
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("cannot publish the poison messages", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    record(
        "poison messages",
        began,
        poisonPerQueue.values().stream().mapToInt(Integer::intValue).sum()
            + " to "
            + String.join(", ", poisonPerQueue.keySet()));
  }

  /** How many messages each service's dead-letter queue holds now. */
  Map<String, Long> deadLetterCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (com.rabbitmq.client.Connection connection =
        connectionFactory().newConnection("fault-check")) {
      for (String service : SUBSCRIBERS) {
        try (Channel channel = connection.createChannel()) {
          counts.put(
              service,
              (long) channel.queueDeclarePassive(deadLetterQueueOf(service)).getMessageCount());
        }
      }
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("cannot read the dead-letter queues", e);
    }
    return counts;
  }

  private static String knownTypeFor(String service) {
    return switch (service) {
      case "payment" -> "org.sagashop.coreapi.user.event.UserRegisteredEvent";
      case "order" -> "org.sagashop.coreapi.product.event.StockReservedEvent";
      default -> "org.sagashop.coreapi.order.event.OrderPlacedEvent";
    };
  }

  private static Map<String, Object> axonHeaders(String type) {
    Map<String, Object> headers = new HashMap<>();
    headers.put("axon-message-id", UUID.randomUUID().toString());
    headers.put("axon-message-type", type);
    headers.put("axon-message-timestamp", Instant.now().toString());
    return headers;
  }

  private static AMQP.BasicProperties properties(Map<String, Object> headers) {
    return new AMQP.BasicProperties.Builder()
        .messageId("poison-" + UUID.randomUUID())
        .deliveryMode(2)
        .headers(headers)
        .build();
  }

  private static ConnectionFactory connectionFactory() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(env("RABBITMQ_HOST", "127.0.0.1"));
    factory.setPort(Integer.parseInt(env("RABBITMQ_PORT", "5672")));
    factory.setUsername(env("RABBITMQ_USER", "guest"));
    factory.setPassword(env("RABBITMQ_PASSWORD", "guest"));
    factory.setVirtualHost(env("RABBITMQ_VHOST", "/"));
    return factory;
  }

  private void record(String name, Instant began, String detail) {
    Fault fault = new Fault(name, began, Instant.now(), detail);
    synchronized (injected) {
      injected.add(fault);
    }
    processes.note(
        "%s: %s (%ds) %s"
            .formatted(name, began, Duration.between(began, fault.ended()).toSeconds(), detail));
  }

  List<Fault> injected() {
    synchronized (injected) {
      return List.copyOf(injected);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
