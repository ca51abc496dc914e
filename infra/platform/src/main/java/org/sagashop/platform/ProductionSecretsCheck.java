package org.sagashop.platform;

import java.util.List;
import java.util.function.Predicate;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * With the {@code prod} profile active, a service refuses to start while a secret still has the
 * local development value the config repo falls back to: those values are public, in this
 * repository. It runs once the configuration (config server included) is loaded, before any bean is
 * created, and names every offending setting with the environment variable that sets it.
 */
public class ProductionSecretsCheck implements EnvironmentPostProcessor, Ordered {

  static final String PRODUCTION_PROFILE = "prod";

  /** The config repo's local fallbacks, and what a production value must not look like. */
  static final List<Secret> SECRETS =
      List.of(
          // only the user service signs tokens and reads this setting; ./run.sh generates keys
          // for a local machine, never for production
          new Secret(
              "sagashop.security.jwt.signing.key-location",
              "SAGASHOP_JWT_KEYS",
              value -> value != null && value.equals("file:.run/keys/")),
          new Secret(
              "sagashop.security.service-credential",
              "SAGASHOP_SERVICE_CREDENTIAL",
              value -> value == null || value.equals("local-development-only-service-credential")),
          // only the user service creates the administrator and reads this setting
          new Secret(
              "sagashop.admin.password",
              "SAGASHOP_ADMIN_PASSWORD",
              value -> value != null && value.equals("admin-local-only")),
          new Secret(
              "spring.datasource.password",
              "POSTGRES_PASSWORD",
              value -> value == null || value.isEmpty()),
          // unset, Spring Boot connects to RabbitMQ as guest/guest too
          new Secret(
              "spring.rabbitmq.password",
              "RABBITMQ_PASSWORD",
              value -> value == null || value.equals("guest")));

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    check(environment);
  }

  static void check(Environment environment) {
    if (!environment.matchesProfiles(PRODUCTION_PROFILE)) {
      return;
    }
    List<String> offending =
        SECRETS.stream()
            .filter(
                secret -> secret.isLocalDefault().test(environment.getProperty(secret.property())))
            .map(secret -> secret.property() + " (set " + secret.environmentVariable() + ")")
            .toList();
    if (!offending.isEmpty()) {
      throw new IllegalStateException(
          "Refusing to start with profile '"
              + PRODUCTION_PROFILE
              + "': these secrets are unset or still have their public local development value: "
              + String.join(", ", offending));
    }
  }

  @Override
  public int getOrder() {
    // after the config data (application files, config server) has been loaded
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }

  record Secret(String property, String environmentVariable, Predicate<String> isLocalDefault) {}
}
