package org.sagashop.product.command;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.web.DomainRuleException;
import org.springframework.stereotype.Component;

/**
 * Turns a command for a product that does not exist into a refusal with {@link
 * ErrorCode#PRODUCT_NOT_FOUND}. Axon's own exception does not survive the distributed command bus,
 * and it is raised while the aggregate is loaded, before any handler of the aggregate runs; the
 * error code does survive, so the sender (the web layer here, or the order saga in another service)
 * can tell an unknown product from a failure.
 */
@Component
public class UnknownProductInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

  @Override
  public Object handle(
      UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
      throws Exception {
    try {
      return interceptorChain.proceed();
    } catch (AggregateNotFoundException e) {
      throw new DomainRuleException(
          ErrorCode.PRODUCT_NOT_FOUND, "There is no product with id " + e.getAggregateIdentifier());
    }
  }
}
