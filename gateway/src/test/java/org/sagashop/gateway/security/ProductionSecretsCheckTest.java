package org.sagashop.gateway.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ProductionSecretsCheckTest {

  @Test
  void refusesProductionWithTheLocalTokenKey() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty(
                "sagashop.security.jwt.secret", "local-development-only-jwt-secret-change-me");
    environment.setActiveProfiles("prod");

    assertThatIllegalStateException()
        .isThrownBy(() -> ProductionSecretsCheck.check(environment))
        .withMessageContaining("sagashop.security.jwt.secret (set SAGASHOP_JWT_SECRET)");
  }

  @Test
  void refusesProductionWithoutATokenKey() {
    MockEnvironment environment = new MockEnvironment();
    environment.setActiveProfiles("prod");

    assertThatIllegalStateException()
        .isThrownBy(() -> ProductionSecretsCheck.check(environment))
        .withMessageContaining("SAGASHOP_JWT_SECRET");
  }

  @Test
  void acceptsProductionWithARealTokenKey() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty(
                "sagashop.security.jwt.secret", "a-real-secret-of-at-least-32-bytes-long");
    environment.setActiveProfiles("prod");

    assertThatCode(() -> ProductionSecretsCheck.check(environment)).doesNotThrowAnyException();
  }

  @Test
  void acceptsTheLocalTokenKeyWithoutProductionProfile() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty(
                "sagashop.security.jwt.secret", "local-development-only-jwt-secret-change-me");

    assertThatCode(() -> ProductionSecretsCheck.check(environment)).doesNotThrowAnyException();
  }
}
