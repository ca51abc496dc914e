package org.sagashop.order.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sagashop.platform.metrics.MeterDefinition;
import org.sagashop.platform.metrics.PlatformMeters;
import org.yaml.snakeyaml.Yaml;

/**
 * The files under {@code deploy/observability} and the README against the meters the code defines.
 * It lives in the order module, the one that sees every meter: the platform's and its own.
 */
class ObservabilityFilesTest {

  private static final Path REPOSITORY = Path.of("..");
  private static final Path OBSERVABILITY = REPOSITORY.resolve("deploy/observability");

  /** PromQL words that are not metric names: functions, aggregations, their modifiers. */
  private static final Set<String> PROMQL =
      Set.of(
          "sum",
          "max",
          "min",
          "avg",
          "count",
          "rate",
          "irate",
          "increase",
          "histogram_quantile",
          "by",
          "without",
          "on",
          "ignoring",
          "and",
          "or",
          "unless",
          "clamp_min",
          "topk");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private static List<MeterDefinition> meters() {
    return Stream.concat(PlatformMeters.ALL.stream(), OrderMeters.ALL.stream()).toList();
  }

  @Test
  void theDashboardQueriesOnlySeriesOfTheMetersTheCodeDefines() throws IOException {
    Set<String> series = prometheusSeries();
    List<String> queries = dashboardQueries();
    assertThat(queries).isNotEmpty();

    Set<String> queried = new TreeSet<>();
    for (String query : queries) {
      queried.addAll(metricNamesIn(query));
    }

    assertThat(series).containsAll(queried);
  }

  @Test
  void theDashboardShowsEveryMeter() throws IOException {
    String queries = String.join("\n", dashboardQueries());
    for (MeterDefinition meter : meters()) {
      assertThat(queries).as(meter.name()).contains(meter.name().replace('.', '_'));
    }
  }

  @Test
  void theReadmeDocumentsEveryMeterWithItsTags() throws IOException {
    String readme = Files.readString(REPOSITORY.resolve("README.md"));
    for (MeterDefinition meter : meters()) {
      String row =
          readme
              .lines()
              .filter(line -> line.startsWith("| `" + meter.name() + "`"))
              .findFirst()
              .orElse("");
      assertThat(row).as("README row of " + meter.name()).isNotEmpty();
      for (String tag : meter.tags()) {
        assertThat(row).as("tags of " + meter.name()).contains("`" + tag + "`");
      }
    }
  }

  @Test
  void grafanaIsProvisionedWithTheDashboardAndTheDataSourceItUses() throws IOException {
    JsonNode dashboard = dashboard();
    Map<String, Object> dataSources = yaml("grafana/provisioning/datasources/prometheus.yml");
    @SuppressWarnings("unchecked")
    Map<String, Object> source =
        ((List<Map<String, Object>>) dataSources.get("datasources")).get(0);
    assertThat(source).containsEntry("type", "prometheus");
    List<String> used = dashboard.findValuesAsText("uid");
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(
            dashboard.findValues("datasource").stream()
                .map(node -> node.path("uid").asText())
                .distinct())
        .containsExactly(source.get("uid").toString());
    assertThat(used).contains(source.get("uid").toString());

    Map<String, Object> providers = yaml("grafana/provisioning/dashboards/sagashop.yml");
    assertThat(providers.get("providers").toString()).contains("type=file");
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesTheServicesFoundInEurekaAndTheGatewayWithAnAdministratorsToken()
      throws IOException {
    List<Map<String, Object>> jobs =
        (List<Map<String, Object>>) yaml("prometheus/prometheus.yml").get("scrape_configs");

    assertThat(jobs).isNotEmpty();
    for (Map<String, Object> job : jobs) {
      assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
      assertThat((Map<String, Object>) job.get("authorization"))
          .containsEntry("type", "Bearer")
          .containsKey("credentials_file");
    }
    assertThat(jobs).anySatisfy(job -> assertThat(job).containsKey("eureka_sd_configs"));
    String kept =
        jobs.stream()
            .filter(job -> job.containsKey("eureka_sd_configs"))
            .findFirst()
            .orElseThrow()
            .get("relabel_configs")
            .toString();
    for (String service : List.of("user", "product", "order", "payment", "notification")) {
      assertThat(kept).contains(service);
    }
    assertThat(jobs.toString()).contains("gateway:8080");
  }

  /** Every series name the meters produce in Prometheus's format, taken from a real scrape. */
  private static Set<String> prometheusSeries() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (MeterDefinition meter : meters()) {
      Tags tags = Tags.empty();
      for (String tag : meter.tags()) {
        tags = tags.and(tag, "x");
      }
      if (meter.type() == Meter.Type.COUNTER) {
        registry.counter(meter.name(), tags).increment();
      } else if (meter.type() == Meter.Type.GAUGE) {
        Gauge.builder(meter.name(), () -> 1).tags(tags).register(registry);
      } else {
        // both timers publish histogram buckets (their own tests check that they do)
        Timer.builder(meter.name())
            .tags(tags)
            .publishPercentileHistogram()
            .register(registry)
            .record(Duration.ofMillis(5));
      }
    }
    Set<String> series = new TreeSet<>();
    registry
        .scrape()
        .lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .forEach(line -> series.add(line.split("[{ ]", 2)[0]));
    return series;
  }

  /**
   * The metric names in a query: what is left once label matchers, groupings, ranges, strings,
   * Grafana variables, numbers and PromQL's own words are taken out.
   */
  private static List<String> metricNamesIn(String query) {
    String bare =
        query
            .replaceAll("\"[^\"]*\"", "")
            .replaceAll("\\{[^}]*}", "")
            .replaceAll("\\[[^]]*]", "")
            .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "")
            .replaceAll("\\$\\w+", "");
    List<String> names = new ArrayList<>();
    Matcher identifier = IDENTIFIER.matcher(bare);
    while (identifier.find()) {
      if (!PROMQL.contains(identifier.group())) {
        names.add(identifier.group());
      }
    }
    return names;
  }

  private static JsonNode dashboard() throws IOException {
    return new ObjectMapper()
        .readTree(OBSERVABILITY.resolve("grafana/dashboards/sagashop.json").toFile());
  }

  private static List<String> dashboardQueries() throws IOException {
    return dashboard().findValuesAsText("expr");
  }

  private static Map<String, Object> yaml(String file) throws IOException {
    return new Yaml().load(Files.readString(OBSERVABILITY.resolve(file)));
  }
}
