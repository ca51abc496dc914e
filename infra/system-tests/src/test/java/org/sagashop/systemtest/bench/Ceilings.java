package org.sagashop.systemtest.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the machine's own infrastructure can do, measured in the same run after the shop's load has
 * ended, so that each of the shop's figures can be read as a fraction of it: PostgreSQL's TPC-B
 * ({@code pgbench}, 8 clients, in a database of its own) and RabbitMQ's persistent messages with
 * publisher confirms (RabbitMQ PerfTest, one producer and one consumer, on its own queue).
 */
final class Ceilings {

  record Ceiling(String what, String figure, String command) {}

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
  private static final Pattern SENT = Pattern.compile("sending rate avg: ([0-9]+) msg/s");
  private static final Pattern RECEIVED = Pattern.compile("receiving rate avg: ([0-9]+) msg/s");

  private Ceilings() {}

  static List<Ceiling> measure(String pgHost, String pgUser, String amqpUri, int seconds) {
    List<Ceiling> ceilings = new ArrayList<>();
    ceilings.add(postgres(pgHost, pgUser, seconds));
    ceilings.add(rabbit(amqpUri, seconds));
    return ceilings;
  }

  private static Ceiling postgres(String host, String user, int seconds) {
    String database = "sagashop_bench_pgbench";
    List<String> base = List.of("-h", host, "-U", user);
    String shown =
        "pgbench -c 8 -j 2 -T " + seconds + " (TPC-B, scale 10, database " + database + ")";
    try {
      run(
          concat(
              List.of("psql", "-q", "-d", "postgres", "-c", "drop database if exists " + database),
              base));
      run(
          concat(
              List.of("psql", "-q", "-d", "postgres", "-c", "create database " + database), base));
      run(concat(List.of("pgbench", "-q", "-i", "-s", "10", database), base));
      String out =
          run(
              concat(
                  List.of(
                      "pgbench", "-c", "8", "-j", "2", "-T", Integer.toString(seconds), database),
                  base));
      Matcher tps = TPS.matcher(out);
      String figure = tps.find() ? Math.round(Double.parseDouble(tps.group(1))) + " tx/s" : "?";
      run(concat(List.of("psql", "-q", "-d", "postgres", "-c", "drop database " + database), base));
      return new Ceiling("PostgreSQL TPC-B", figure, shown);
    } catch (IllegalStateException failed) {
      return new Ceiling("PostgreSQL TPC-B", "not measured: " + failed.getMessage(), shown);
    }
  }

  private static Ceiling rabbit(String uri, int seconds) {
    String shown =
        "PerfTest -x 1 -y 1 -f persistent -c 200 -s 1000 -z " + seconds + " (publisher confirms)";
    try {
      String out =
          run(
              List.of(
                  javaCommand(),
                  "-cp",
                  perfTestClassPath(),
                  "com.rabbitmq.perf.PerfTest",
                  "-h",
                  uri,
                  "-x",
                  "1",
                  "-y",
                  "1",
                  "-f",
                  "persistent",
                  "-c",
                  "200",
                  "-s",
                  "1000",
                  "-u",
                  "sagashop.bench.perftest",
                  "-ad",
                  "true",
                  "-z",
                  Integer.toString(seconds)));
      Matcher sent = SENT.matcher(out);
      Matcher received = RECEIVED.matcher(out);
      String figure =
          (sent.find() ? sent.group(1) : "?")
              + " msg/s confirmed, "
              + (received.find() ? received.group(1) : "?")
              + " msg/s consumed";
      return new Ceiling("RabbitMQ persistent + confirms", figure, shown);
    } catch (IllegalStateException failed) {
      return new Ceiling(
          "RabbitMQ persistent + confirms", "not measured: " + failed.getMessage(), shown);
    }
  }

  /**
   * This run's class path without the no-op logging binding, which PerfTest cannot run with (it
   * configures Logback, which it brings along).
   */
  private static String perfTestClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("slf4j-nop"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static List<String> concat(List<String> command, List<String> options) {
    List<String> all = new ArrayList<>(command.subList(0, 1));
    all.addAll(options);
    all.addAll(command.subList(1, command.size()));
    return all;
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(
            command.get(0) + " failed: " + new String(output, StandardCharsets.UTF_8).strip());
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(command.get(0) + " cannot be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
