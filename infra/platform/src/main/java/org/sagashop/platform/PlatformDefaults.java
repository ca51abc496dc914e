package org.sagashop.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code platform-defaults.yml}, the settings the platform's own code depends on (the bytea
 * dialect, Jackson for Axon, publisher confirms, the event topology), at the lowest precedence: the
 * config repo, the service's own file and the environment all override it. Tunable values live in
 * the config repo, not here.
 *
 * <p>It also turns {@code SAGASHOP_LOG_FORMAT=json} into Spring Boot's structured console logging
 * in the Elastic Common Schema: one JSON object per line, with the logging context (trace and span
 * id, and the order and user of {@code LogContext}) as fields. {@code ecs}, {@code logstash} or
 * {@code gelf} choose a format by name; anything else, or nothing, keeps plain text. A format set
 * with {@code logging.structured.format.console} itself wins.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

  static final String RESOURCE = "platform-defaults.yml";
  static final String LOG_FORMAT = "sagashop.log.format";

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
    logFormat(environment.getProperty(LOG_FORMAT, ""))
        .ifPresent(
            format ->
                environment
                    .getPropertySources()
                    .addLast(
                        new MapPropertySource(
                            "sagashop-log-format",
                            Map.of("logging.structured.format.console", format))));
    try {
      new YamlPropertySourceLoader()
          .load("sagashop-platform-defaults", new ClassPathResource(RESOURCE))
          .forEach(source -> environment.getPropertySources().addLast(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<String> logFormat(String asked) {
    return switch (asked.trim().toLowerCase(Locale.ROOT)) {
      case "json", "ecs" -> Optional.of("ecs");
      case "logstash", "gelf" -> Optional.of(asked.trim().toLowerCase(Locale.ROOT));
      default -> Optional.empty();
    };
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
