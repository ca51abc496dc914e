package org.sagashop.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ProductionSecretsCheckTest {

  @Test
  void refusesProductionWithLocalDefaultsNamingEverySettingAndVariable() {
    MockEnvironment environment = localDefaults();
    environment.setActiveProfiles("prod");

    assertThatIllegalStateException()
        .isThrownBy(() -> ProductionSecretsCheck.check(environment))
        .withMessageContaining("sagashop.security.jwt.signing.key-location (set SAGASHOP_JWT_KEYS)")
        .withMessageContaining(
            "sagashop.security.service-credential (set SAGASHOP_SERVICE_CREDENTIAL)")
        .withMessageContaining("sagashop.admin.password (set SAGASHOP_ADMIN_PASSWORD)")
        .withMessageContaining("spring.datasource.password (set POSTGRES_PASSWORD)")
        .withMessageContaining("spring.rabbitmq.password (set RABBITMQ_PASSWORD)");
  }

  @Test
  void refusesProductionWhenSecretsAreUnset() {
    MockEnvironment environment = new MockEnvironment();
    environment.setActiveProfiles("prod");

    assertThatIllegalStateException()
        .isThrownBy(() -> ProductionSecretsCheck.check(environment))
        .withMessageContaining("SAGASHOP_SERVICE_CREDENTIAL")
        .withMessageContaining("POSTGRES_PASSWORD")
        .withMessageContaining("RABBITMQ_PASSWORD")
        .withMessageNotContaining("SAGASHOP_ADMIN_PASSWORD")
        .withMessageNotContaining("SAGASHOP_JWT_KEYS");
  }

  @Test
  void refusesProductionWhenOnlyOneSecretKeptItsDefault() {
    MockEnvironment environment = realSecrets().withProperty("spring.rabbitmq.password", "guest");
    environment.setActiveProfiles("prod");

    assertThatIllegalStateException()
        .isThrownBy(() -> ProductionSecretsCheck.check(environment))
        .withMessageEndingWith(": spring.rabbitmq.password (set RABBITMQ_PASSWORD)");
  }

  @Test
  void acceptsProductionWithRealSecrets() {
    MockEnvironment environment = realSecrets();
    environment.setActiveProfiles("prod");

    assertThatCode(() -> ProductionSecretsCheck.check(environment)).doesNotThrowAnyException();
  }

  @Test
  void acceptsProductionWithoutAdministratorSettingInServicesOtherThanUser() {
    MockEnvironment withoutAdmin = new MockEnvironment();
    withoutAdmin
        .withProperty("sagashop.security.service-credential", "a-real-credential-32-bytes-long-xyz")
        .withProperty("spring.datasource.password", "db-password")
        .withProperty("spring.rabbitmq.password", "rabbit-password");
    withoutAdmin.setActiveProfiles("prod");

    assertThatCode(() -> ProductionSecretsCheck.check(withoutAdmin)).doesNotThrowAnyException();
  }

  @Test
  void acceptsLocalDefaultsWithoutProductionProfile() {
    MockEnvironment environment = localDefaults();
    environment.setActiveProfiles("it");

    assertThatCode(() -> ProductionSecretsCheck.check(environment)).doesNotThrowAnyException();
  }

  private static MockEnvironment localDefaults() {
    return new MockEnvironment()
        .withProperty("sagashop.security.jwt.signing.key-location", "file:.run/keys/")
        .withProperty(
            "sagashop.security.service-credential", "local-development-only-service-credential")
        .withProperty("sagashop.admin.password", "admin-local-only")
        .withProperty("spring.datasource.password", "")
        .withProperty("spring.rabbitmq.password", "guest");
  }

  private static MockEnvironment realSecrets() {
    return new MockEnvironment()
        .withProperty("sagashop.security.jwt.signing.key-location", "file:/etc/sagashop/jwt-keys/")
        .withProperty("sagashop.security.service-credential", "a-real-credential-32-bytes-long-xyz")
        .withProperty("sagashop.admin.password", "a-real-admin-password")
        .withProperty("spring.datasource.password", "db-password")
        .withProperty("spring.rabbitmq.password", "rabbit-password");
  }
}
