package org.sagashop.gateway.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * With the {@code prod} profile active, the gateway refuses to start while the token key is unset
 * or still the local development value the config repo falls back to: that value is public, and
 * anyone who knows it can sign tokens the whole system accepts. It runs once the configuration
 * (config server included) is loaded, before any bean is created.
 */
public class ProductionSecretsCheck implements EnvironmentPostProcessor, Ordered {

  static final String PRODUCTION_PROFILE = "prod";
  static final String JWT_SECRET = "sagashop.security.jwt.secret";
  static final String LOCAL_JWT_SECRET = "local-development-only-jwt-secret-change-me";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    check(environment);
  }

  static void check(Environment environment) {
    if (!environment.matchesProfiles(PRODUCTION_PROFILE)) {
      return;
    }
    String secret = environment.getProperty(JWT_SECRET);
    if (secret == null || secret.equals(LOCAL_JWT_SECRET)) {
      throw new IllegalStateException(
          "Refusing to start with profile '"
              + PRODUCTION_PROFILE
              + "': these secrets are unset or still have their public local development value: "
              + JWT_SECRET
              + " (set SAGASHOP_JWT_SECRET)");
    }
  }

  @Override
  public int getOrder() {
    // after the config data (application files, config server) has been loaded
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }
}
