package org.sagashop.platform.commandbus;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.common.DirectExecutor;
import org.axonframework.extensions.springcloud.commandhandling.SpringHttpCommandBusConnector;
import org.sagashop.platform.metrics.CommandDispatchMeters;

/**
 * Axon's HTTP connector, sending each remote member's commands on that member's own {@link
 * MemberLanes lane} rather than on one pool shared by all: the caller goes on at once, and a member
 * that hangs delays only the commands addressed to it. Receiving commands (the connector's HTTP
 * endpoint) is Axon's, unchanged. Every command sent is timed, per target service, by {@link
 * CommandDispatchMeters}.
 */
public class LaneDispatchingCommandBusConnector extends SpringHttpCommandBusConnector {

  private final MemberLanes lanes;
  private final CommandDispatchMeters meters;

  /** The builder's executor is replaced: a command is sent on the lane's thread itself. */
  public LaneDispatchingCommandBusConnector(
      Builder builder, MemberLanes lanes, CommandDispatchMeters meters) {
    super(builder.executor(DirectExecutor.INSTANCE));
    this.lanes = lanes;
    this.meters = meters;
  }

  @Override
  public <C> void send(Member destination, CommandMessage<? extends C> command) {
    Runnable send =
        () -> meters.timed(destination.name(), command, () -> super.send(destination, command));
    if (destination.local()) {
      send.run();
    } else {
      lanes.of(destination.name()).execute(send);
    }
  }

  @Override
  public <C, R> void send(
      Member destination, CommandMessage<C> command, CommandCallback<? super C, R> callback) {
    CommandCallback<C, R> timed = meters.timed(destination.name(), command, callback);
    if (destination.local()) {
      super.send(destination, command, timed);
    } else {
      lanes.of(destination.name()).execute(() -> super.send(destination, command, timed));
    }
  }
}
