package org.sagashop.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The system's processes as {@code ./run.sh} runs them from this working copy: their pid files and
 * logs under {@code .run/}, SIGTERM as an orchestrator sends it, and {@code ./run.sh} itself (kill,
 * restart). Every command and its output is appended to one log file.
 */
public final class Processes {

  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(6);

  /**
   * How long a SIGTERM may take: the services give each shutdown phase {@code
   * SAGASHOP_SHUTDOWN_TIMEOUT} (20 s), web requests first, then the event processors.
   */
  public static final Duration STOP_LIMIT = Duration.ofSeconds(60);

  private final Path root;
  private final Path log;

  public Processes(String logName) {
    this.root = root();
    this.log = root.resolve(".run/logs/" + logName);
  }

  /** The working copy the system runs from ({@code sagashop.root}, by default two levels up). */
  public static Path root() {
    return Path.of(System.getProperty("sagashop.root", "../..")).toAbsolutePath().normalize();
  }

  public long pidOf(String process) {
    try {
      return Long.parseLong(Files.readString(root.resolve(".run/pids/" + process + ".pid")).trim());
    } catch (IOException e) {
      throw new IllegalStateException(process + " has no pid file: is it running?", e);
    }
  }

  /** What the process has logged since it was started. */
  public String logOf(String process) {
    try {
      return Files.readString(root.resolve(".run/logs/" + process + ".log"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the log of " + process, e);
    }
  }

  /**
   * Sends SIGTERM to the process and waits until it has exited by itself, at most {@link
   * #STOP_LIMIT}; returns whether it did. One that did not is left running.
   */
  public boolean terminate(String process, long pid) {
    ProcessHandle handle =
        ProcessHandle.of(pid)
            .orElseThrow(
                () -> new IllegalStateException(process + " (" + pid + ") is not running"));
    note("$ kill -TERM " + pid + " (" + process + ")");
    if (!handle.destroy()) {
      throw new IllegalStateException("cannot send SIGTERM to " + process + " (" + pid + ")");
    }
    try {
      handle.onExit().get(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException stillRunning) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command in the working copy; its output goes to the log; fails unless it exits 0. */
  public void run(String... command) {
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

  public void note(String line) {
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          Instant.now() + " " + line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + log, e);
    }
  }
}
