package org.sagashop.platform.web;

import java.util.function.Function;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.sagashop.coreapi.ErrorCode;

/**
 * Turns a command for an aggregate that does not exist into a refusal with an {@link ErrorCode}.
 * Axon raises its own exception while the aggregate is loaded, before any of its handlers runs, and
 * that exception does not survive the distributed command bus; the error code does, so the sender
 * (a controller here, or a saga in another service) can tell "no such thing" from a failure. Meant
 * for services whose command handlers all target one kind of aggregate.
 */
public class UnknownAggregateInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

  private final ErrorCode code;
  private final Function<String, String> message;

  /**
   * @param code the refusal's code, e.g. {@code PRODUCT_NOT_FOUND}
   * @param message the refusal's text for a given aggregate identifier
   */
  public UnknownAggregateInterceptor(ErrorCode code, Function<String, String> message) {
    this.code = code;
    this.message = message;
  }

  @Override
  public Object handle(
      UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
      throws Exception {
    try {
      return interceptorChain.proceed();
    } catch (AggregateNotFoundException e) {
      throw new DomainRuleException(
          code, message.apply(String.valueOf(e.getAggregateIdentifier())));
    }
  }
}
