package org.sagashop.payment.command;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.user.event.UserRegisteredEvent;

class AccountOpenerTest {

  private static final String USER = "5d7e1c2b-3a4f-4e6d-8c9b-0a1b2c3d4e5f";

  private final CommandGateway commandGateway = mock(CommandGateway.class);
  private final AccountOpener opener = new AccountOpener(commandGateway, new BigDecimal("500.00"));

  private static UserRegisteredEvent registered() {
    return new UserRegisteredEvent(USER, "ada", "Ada", "ada@example.org", Set.of("USER"));
  }

  @Test
  void opensTheNewUsersAccountWithTheConfiguredStartingBalance() {
    opener.on(registered());

    verify(commandGateway)
        .sendAndWait(
            new OpenAccountCommand(USER, new BigDecimal("500.00")),
            AccountOpener.TIMEOUT_SECONDS,
            TimeUnit.SECONDS);
  }

  @Test
  void failsTheEventWhenTheAccountCannotBeOpenedSoThatItIsNotLost() {
    CommandExecutionException failure = new CommandExecutionException("database unavailable", null);
    when(commandGateway.sendAndWait(any(), anyLong(), any())).thenThrow(failure);

    assertThatThrownBy(() -> opener.on(registered())).isSameAs(failure);
  }
}
