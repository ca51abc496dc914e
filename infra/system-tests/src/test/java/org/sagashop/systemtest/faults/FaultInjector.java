package org.sagashop.systemtest.faults;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The faults, each injected once while orders keep arriving: {@code kill -9} of every service and
 * of the gateway followed by a restart (through {@code ./run.sh kill} and {@code restart}), a
 * RabbitMQ outage, a PostgreSQL restart, and poison messages published straight to the services'
 * event queues. Every command's output goes to {@code .run/logs/faults.log}.
 */
final class FaultInjector {

  /** One injected fault: what, when it began and ended (the process was back), and a detail. */
  record Fault(String name, Instant began, Instant ended, String detail) {}

  /** The event queues of the services that subscribe to other services' events. */
  static final List<String> SUBSCRIBERS = List.of("order", "payment", "notification");

  static final String NAMESPACE = env("SAGASHOP_MESSAGING_NAMESPACE", "sagashop");

  private static final Duration DOWN_BEFORE_RESTART = Duration.ofSeconds(5);
  private static final Duration BROKER_OUTAGE = Duration.ofSeconds(30);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(6);

  private final Path root;
  private final Path log;
  final List<Fault> injected = new ArrayList<>();
  final Map<String, Integer> poisonPerQueue = new LinkedHashMap<>();
  volatile boolean brokerDown;

  FaultInjector(Path root) {
    this.root = root;
    this.log = root.resolve(".run/logs/faults.log");
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
    run("./run.sh", "kill", process);
    Workload.sleep(DOWN_BEFORE_RESTART);
    run("./run.sh", "restart", process);
    record("kill -9 " + process, began, "restarted and ready");
  }

  /** The broker stopped for about 30 s, then started again and awaited. */
  void brokerOutage() {
    Instant began = Instant.now();
    Instant stoppedFor;
    try {
      run("rabbitmqctl", "stop");
      brokerDown = true;
      Workload.sleep(BROKER_OUTAGE);
    } finally {
      brokerDown = false;
      stoppedFor = Instant.now();
      run("rabbitmq-server", "-detached");
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
        run("rabbitmqctl", "await_startup", "--timeout", "60");
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
    run("pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "restart");
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
    note(
        "%s: %s (%ds) %s"
            .formatted(name, began, Duration.between(began, fault.ended()).toSeconds(), detail));
  }

  List<Fault> injected() {
    synchronized (injected) {
      return List.copyOf(injected);
    }
  }

  private void run(String... command) {
    note("$ " + String.join(" ", command));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in time");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (" + process.exitValue() + "); see " + log);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void note(String line) {
    try {
      Files.writeString(
          log,
          Instant.now() + " " + line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + log, e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
