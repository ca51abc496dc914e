package org.sagashop.platform.commandbus;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.common.DirectExecutor;
import org.axonframework.extensions.springcloud.commandhandling.SpringHttpCommandBusConnector;

/**
 * Axon's HTTP connector, sending each remote member's commands on that member's own {@link
 * MemberLanes lane} rather than on one pool shared by all: the caller goes on at once, and a member
 * that hangs delays only the commands addressed to it. Receiving commands (the connector's HTTP
 * endpoint) is Axon's, unchanged.
 */
public class LaneDispatchingCommandBusConnector extends SpringHttpCommandBusConnector {

  private final MemberLanes lanes;

  /** The builder's executor is replaced: a command is sent on the lane's thread itself. */
  public LaneDispatchingCommandBusConnector(Builder builder, MemberLanes lanes) {
    super(builder.executor(DirectExecutor.INSTANCE));
    this.lanes = lanes;
  }

  @Override
  public <C> void send(Member destination, CommandMessage<? extends C> command) {
    if (destination.local()) {
      super.send(destination, command);
    } else {
      lanes.of(destination.name()).execute(() -> super.send(destination, command));
    }
  }

  @Override
  public <C, R> void send(
      Member destination, CommandMessage<C> command, CommandCallback<? super C, R> callback) {
    if (destination.local()) {
      super.send(destination, command, callback);
    } else {
      lanes.of(destination.name()).execute(() -> super.send(destination, command, callback));
    }
  }
}
