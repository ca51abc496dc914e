package org.sagashop.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.ErrorDetails;
import org.sagashop.platform.web.DomainRuleException;

class CommandFailuresTest {

  @Test
  void findsTheRefusalInsideTheFuturesWrappers() {
    Throwable failure =
        new CompletionException(
            new ExecutionException(
                new DomainRuleException(ErrorCode.INSUFFICIENT_STOCK, "Only 1 left")));

    assertThat(CommandFailures.refusal(failure))
        .contains(new ErrorDetails(ErrorCode.INSUFFICIENT_STOCK, "Only 1 left"));
  }

  @Test
  void takesARemoteFailureWithoutAnErrorCodeAsTransient() {
    Throwable failure =
        new CommandExecutionException("Connection refused", null, new ErrorDetails(null, "?"));

    assertThat(CommandFailures.refusal(failure)).isEmpty();
  }

  @Test
  void takesAMissingInstanceAsTransient() {
    assertThat(CommandFailures.refusal(new NoHandlerForCommandException("No node known")))
        .isEmpty();
  }

  @Test
  void describesTheFailureItselfForTheLog() {
    Throwable failure = new CompletionException(new NoHandlerForCommandException("No node known"));

    assertThat(CommandFailures.describe(failure))
        .isEqualTo("NoHandlerForCommandException: No node known");
  }
}
