package org.sagashop.platform.commandbus;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service sends commands to the other members of the distributed command bus.
 *
 * @param connectTimeout how long connecting to a member may take
 * @param readTimeout how long a member may take to answer a command; a member that hangs instead of
 *     failing is given up on after this, and the sender treats it like one that is down
 * @param dispatchThreads the threads, per member (instance) of the bus, that wait for its answers,
 *     so that no caller (a saga's event processor above all) waits on the network itself, and a
 *     member that hangs holds only the threads of its own lane
 */
@ConfigurationProperties("sagashop.command-bus")
public record CommandBusClientProperties(
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("10s") Duration readTimeout,
    @DefaultValue("16") int dispatchThreads) {

  public CommandBusClientProperties {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("sagashop.command-bus.connect-timeout must be positive");
    }
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("sagashop.command-bus.read-timeout must be positive");
    }
    if (dispatchThreads < 1) {
      throw new IllegalArgumentException(
          "sagashop.command-bus.dispatch-threads must be at least 1");
    }
  }
}
