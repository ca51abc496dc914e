package org.sagashop.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;

/**
 * Times each command from the moment it is handed to the distributed command bus's connector until
 * its result arrives (waiting for a dispatch thread of its lane included), per target service, and
 * counts the failures by exception type. A target is a service, not an instance: the series stay
 * few however often instances come and go.
 */
public class CommandDispatchMeters {

  private final MeterRegistry registry;

  public CommandDispatchMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The service a member of the command bus belongs to: Axon names it {@code service[uri]}. */
  public static String serviceOf(String memberName) {
    int bracket = memberName.indexOf('[');
    return bracket > 0 ? memberName.substring(0, bracket) : memberName;
  }

  /** {@code callback}, recording the command's outcome before it is told. */
  public <C, R> CommandCallback<C, R> timed(
      String memberName, CommandMessage<C> command, CommandCallback<? super C, R> callback) {
    Timer.Sample started = Timer.start(registry);
    String target = serviceOf(memberName);
    return (message, result) -> {
      record(started, target, command, result.isExceptional() ? result.exceptionResult() : null);
      callback.onResult(message, result);
    };
  }

  /** Runs a send that expects no result, recording whether it went through. */
  public void timed(String memberName, CommandMessage<?> command, Runnable send) {
    Timer.Sample started = Timer.start(registry);
    try {
      send.run();
    } catch (RuntimeException e) {
      record(started, serviceOf(memberName), command, e);
      throw e;
    }
    record(started, serviceOf(memberName), command, null);
  }

  private void record(
      Timer.Sample started, String target, CommandMessage<?> command, Throwable failure) {
    String name = simpleName(command.getCommandName());
    started.stop(
        Timer.builder(PlatformMeters.COMMAND_DISPATCH.name())
            .description(PlatformMeters.COMMAND_DISPATCH.description())
            .tags(
                "target",
                target,
                "command",
                name,
                "outcome",
                failure == null ? "success" : "failure")
            .publishPercentileHistogram()
            .register(registry));
    if (failure != null) {
      registry
          .counter(
              PlatformMeters.COMMAND_DISPATCH_FAILURES.name(),
              "target",
              target,
              "command",
              name,
              "exception",
              failure.getClass().getSimpleName())
          .increment();
    }
  }

  private static String simpleName(String commandName) {
    return commandName.substring(
        Math.max(commandName.lastIndexOf('.'), commandName.lastIndexOf('$')) + 1);
  }
}
