package org.sagashop.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sagashop.user.command.Credentials;
import org.sagashop.user.command.InMemoryCredentialStore;
import org.sagashop.user.command.Roles;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class AuthenticatorTest {

  /** BCrypt at its lowest cost keeps the test fast; it counts the comparisons it makes. */
  private static final class CountingEncoder extends BCryptPasswordEncoder {
    final AtomicInteger comparisons = new AtomicInteger();

    CountingEncoder() {
      super(4);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
      comparisons.incrementAndGet();
      return super.matches(rawPassword, encodedPassword);
    }
  }

  private final CountingEncoder encoder = new CountingEncoder();
  private final InMemoryCredentialStore store = new InMemoryCredentialStore();
  private Authenticator authenticator;
  private Credentials alice;

  @BeforeEach
  void setUp() {
    alice = new Credentials("u-1", "alice", encoder.encode("correct horse"), Set.of(Roles.USER));
    store.claim(alice);
    authenticator = new Authenticator(store, encoder);
  }

  @Test
  void acceptsTheRightPasswordForTheUsernameInAnyCase() {
    assertThat(authenticator.authenticate("Alice", "correct horse")).hasValue(alice);
  }

  @Test
  void refusesAWrongPassword() {
    assertThat(authenticator.authenticate("alice", "wrong horse")).isEmpty();
    assertThat(encoder.comparisons).hasValue(1);
  }

  @Test
  void runsABcryptComparisonForAnUnknownUsernameToo() {
    assertThat(authenticator.authenticate("nobody", "correct horse")).isEmpty();
    assertThat(encoder.comparisons).hasValue(1);
  }

  @Test
  void refusesAPasswordTooLongForBcryptInsteadOfFailing() {
    assertThat(authenticator.authenticate("alice", "x".repeat(ValidPassword.MAX_BYTES + 1)))
        .isEmpty();
  }
}
