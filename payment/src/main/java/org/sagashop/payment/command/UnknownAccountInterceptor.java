package org.sagashop.payment.command;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.platform.web.DomainRuleException;
import org.springframework.stereotype.Component;

/**
 * Turns a command for an account that does not exist (the account is the only aggregate of this
 * service) into a refusal with {@link ErrorCode#ACCOUNT_NOT_FOUND}. Axon's own exception is raised
 * while the aggregate is loaded, before any of its handlers runs, and it does not survive the
 * distributed command bus; the error code does, so the sender (the wallet API here, or the order
 * saga in another service) can tell a missing account from a failure.
 */
@Component
public class UnknownAccountInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

  @Override
  public Object handle(
      UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
      throws Exception {
    try {
      return interceptorChain.proceed();
    } catch (AggregateNotFoundException e) {
      throw new DomainRuleException(
          ErrorCode.ACCOUNT_NOT_FOUND,
          "There is no payment account for user " + e.getAggregateIdentifier());
    }
  }
}
