package org.sagashop.platform.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;

/**
 * One meter a Saga Shop service publishes: its Micrometer name, kind and tag keys. The lists of
 * these ({@link PlatformMeters#ALL} and each service's own) are what the README documents and what
 * the shipped Grafana dashboard may query; tests hold the code, the README and the dashboard to
 * them.
 *
 * @param name the Micrometer name (Prometheus writes its dots as underscores, and adds {@code
 *     _total} to a counter and {@code _seconds_*} to a timer)
 * @param type counter, gauge or timer
 * @param tags the tag keys every series of the meter carries (besides {@code application})
 * @param description what it measures, as the README says it
 */
public record MeterDefinition(String name, Meter.Type type, List<String> tags, String description) {

  public MeterDefinition {
    tags = List.copyOf(tags);
  }

  public static MeterDefinition counter(String name, String description, String... tags) {
    return new MeterDefinition(name, Meter.Type.COUNTER, List.of(tags), description);
  }

  public static MeterDefinition gauge(String name, String description, String... tags) {
    return new MeterDefinition(name, Meter.Type.GAUGE, List.of(tags), description);
  }

  public static MeterDefinition timer(String name, String description, String... tags) {
    return new MeterDefinition(name, Meter.Type.TIMER, List.of(tags), description);
  }
}
