package org.sagashop.systemtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time and peak resident memory of each process {@code ./run.sh} started, read from {@code
 * /proc} through the pid files under {@code .run/pids}.
 */
final class ProcessUsage {

  /** The clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  record Usage(long pid, double cpuSeconds, long peakRssKb) {}

  private ProcessUsage() {}

  static Map<String, Usage> read(Path root) {
    Map<String, Usage> usage = new LinkedHashMap<>();
    try (Stream<Path> pidFiles = Files.list(root.resolve(".run/pids"))) {
      for (Path file : pidFiles.sorted().toList()) {
        String process = file.getFileName().toString().replace(".pid", "");
        long pid = Long.parseLong(Files.readString(file).trim());
        Usage of = of(pid);
        if (of != null) {
          usage.put(process, of);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the pid files under " + root, e);
    }
    Usage database = ofAll("postgres");
    if (database != null) {
      usage.put("postgresql (all)", database);
    }
    Usage broker = ofAll("beam.smp");
    if (broker != null) {
      usage.put("rabbitmq", broker);
    }
    return usage;
  }

  private static Usage of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      String stat = Files.readString(proc.resolve("stat"));
      // the fields after the command name, which may hold spaces and ends with ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      long peak = 0;
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith("VmHWM:")) {
          peak = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return new Usage(pid, ticks / TICKS_PER_SECOND, peak);
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }

  /** The processes whose command is {@code command}, summed (peak memory: the largest one). */
  private static Usage ofAll(String command) {
    double cpu = 0;
    long peak = 0;
    boolean found = false;
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      List<Path> pids =
          entries
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .toList();
      for (Path proc : pids) {
        try {
          if (!Files.readString(proc.resolve("comm")).trim().equals(command)) {
            continue;
          }
        } catch (IOException gone) {
          continue;
        }
        Usage one = of(Long.parseLong(proc.getFileName().toString()));
        if (one != null) {
          found = true;
          cpu += one.cpuSeconds();
          peak = Math.max(peak, one.peakRssKb());
        }
      }
    } catch (IOException e) {
      return null;
    }
    return found ? new Usage(0, cpu, peak) : null;
  }
}
