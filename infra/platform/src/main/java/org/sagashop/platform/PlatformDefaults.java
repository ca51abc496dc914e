package org.sagashop.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code platform-defaults.yml}, the settings the platform's own code depends on (the bytea
 * dialect, Jackson for Axon, publisher confirms, the event topology), at the lowest precedence: the
 * config repo, the service's own file and the environment all override it. Tunable values live in
 * the config repo, not here.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

  static final String RESOURCE = "platform-defaults.yml";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    // No phone-home and no banner: the services run on machines without internet access.
    System.setProperty(
        "axoniq.update-checker.disabled",
        environment.getProperty("axoniq.update-checker.disabled", "true"));
    System.setProperty(
        "disable-axoniq-console-message",
        environment.getProperty("disable-axoniq-console-message", "true"));
    try {
      new YamlPropertySourceLoader()
          .load("sagashop-platform-defaults", new ClassPathResource(RESOURCE))
          .forEach(source -> environment.getPropertySources().addLast(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
