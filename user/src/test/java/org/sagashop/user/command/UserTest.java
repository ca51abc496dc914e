package org.sagashop.user.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.coreapi.ErrorDetails;
import org.sagashop.coreapi.user.event.UserRegisteredEvent;
import org.sagashop.platform.axon.AxonSerializers;
import org.sagashop.platform.web.DomainRuleException;

class UserTest {

  private static final String HASH = "$2a$10$abcdefghijklmnopqrstuuN3tq7ypWxRAb5yMn8o0Q0y3Nf6Vq3aG";

  private AggregateTestFixture<User> fixture;
  private InMemoryCredentialStore credentials;

  @BeforeEach
  void setUp() {
    credentials = new InMemoryCredentialStore();
    fixture = new AggregateTestFixture<>(User.class);
    fixture.registerInjectableResource(credentials);
  }

  @Test
  void registersUserUnderLowerCaseUsernameWithoutAnyCredentialInTheEvent() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterUserCommand(
                "u-1", "Alice.B", "Alice B.", "alice@example.com", HASH, Set.of(Roles.USER)))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new UserRegisteredEvent(
                "u-1", "alice.b", "Alice B.", "alice@example.com", Set.of(Roles.USER)));
  }

  @Test
  void keepsThePasswordHashInTheCredentialStoreOnly() throws Exception {
    UserRegisteredEvent event =
        new UserRegisteredEvent("u-1", "alice", "Alice", "alice@example.com", Set.of(Roles.USER));
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterUserCommand(
                "u-1", "Alice", "Alice", "alice@example.com", HASH, Set.of(Roles.USER)))
        .expectEvents(event);

    assertThat(AxonSerializers.objectMapper().writeValueAsString(event)).doesNotContain(HASH);
    assertThat(credentials.findByUsername("ALICE"))
        .hasValue(new Credentials("u-1", "alice", HASH, Set.of(Roles.USER)));
  }

  @Test
  void refusesUsernameTakenInAnotherCase() {
    credentials.claim(new Credentials("u-1", "alice", HASH, Set.of(Roles.USER)));

    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterUserCommand(
                "u-2", "ALICE", "Another Alice", "other@example.com", HASH, Set.of(Roles.USER)))
        .expectException(DomainRuleException.class)
        .expectExceptionMessage("This username is taken: please choose another")
        .expectExceptionDetails(
            new ErrorDetails(
                ErrorCode.USERNAME_TAKEN, "This username is taken: please choose another"))
        .expectNoEvents();

    assertThat(credentials.findByUsername("alice").orElseThrow().userId()).isEqualTo("u-1");
  }
}
