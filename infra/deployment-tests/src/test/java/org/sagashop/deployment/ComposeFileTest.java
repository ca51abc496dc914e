package org.sagashop.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * compose.yaml (the whole system) and compose.infra.yaml (the infrastructure it includes): every
 * service is there with a health check on the probe its code exposes, starts in the README's order,
 * gets every variable its configuration needs, and no secret has a default.
 */
class ComposeFileTest {

  private static final Set<String> TOP_LEVEL =
      Set.of("name", "include", "services", "volumes", "networks", "secrets", "configs");
  private static final Pattern REQUIRED_VARIABLE =
      Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):?\\?[^}]*}");
  private static final Pattern HEALTH_REQUEST =
      Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+) .*GET (\\S+) HTTP");
  private static final Map<String, ServiceRequirements> REQUIREMENTS = ServiceRequirements.all();

  private static final Map<String, Object> SYSTEM = load("compose.yaml");
  private static final Map<String, Object> INFRA = load("compose.infra.yaml");

  @Test
  void composeFilesUseOnlyKnownTopLevelFieldsAndTheSystemIncludesTheInfrastructure() {
    assertThat(SYSTEM.keySet().stream().filter(k -> !k.startsWith("x-")))
        .allMatch(TOP_LEVEL::contains);
    assertThat(INFRA.keySet()).allMatch(TOP_LEVEL::contains);
    assertThat(strings(SYSTEM.get("include"))).containsExactly("compose.infra.yaml");
    assertThat(services(INFRA).keySet()).containsExactlyInAnyOrder("postgres", "rabbitmq", "redis");
    assertThat(services(SYSTEM).keySet())
        .containsAll(ServiceRequirements.SERVICES)
        .contains("zipkin");
  }

  @Test
  void everyContainerHasAHealthCheck() {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>(services(INFRA));
    all.putAll(services(SYSTEM));
    all.forEach((name, service) -> assertThat(service).as(name).containsKey("healthcheck"));
  }

  @Test
  void everyServiceIsCheckedOnAProbeItExposesAtThePortItListensOn() {
    for (String name : ServiceRequirements.SERVICES) {
      Map<String, Object> service = services(SYSTEM).get(name);
      String test = String.join(" ", strings(((Map<?, ?>) service.get("healthcheck")).get("test")));
      Matcher request = HEALTH_REQUEST.matcher(test);
      assertThat(request.find()).as("health check of %s: %s", name, test).isTrue();
      ServiceRequirements requirements = REQUIREMENTS.get(name);
      assertThat(Integer.parseInt(request.group(1)))
          .as("health check port of %s", name)
          .isEqualTo(requirements.port().resolve(environment(service)));
      assertThat(request.group(2))
          .as("health check path of %s", name)
          .isEqualTo("/actuator/health/readiness")
          .isIn(requirements.probePaths());
      for (Object published : (List<?>) service.getOrDefault("ports", List.of())) {
        String containerPort =
            published.toString().substring(published.toString().lastIndexOf(':') + 1);
        assertThat(Integer.parseInt(containerPort))
            .as("published port of %s", name)
            .isEqualTo(requirements.port().resolve(environment(service)));
      }
    }
  }

  @Test
  void servicesStartInTheReadmeOrderOnceWhatTheyNeedIsHealthy() {
    Map<String, Map<String, Object>> services = services(SYSTEM);
    assertThat(dependsOn(services.get("discovery-server")))
        .containsEntry("config-server", "service_healthy");
    for (String name : ServiceRequirements.DOMAIN_SERVICES) {
      assertThat(dependsOn(services.get(name)))
          .as("what %s waits for", name)
          .containsEntry("config-server", "service_healthy")
          .containsEntry("discovery-server", "service_healthy")
          .containsEntry("postgres", "service_healthy")
          .containsEntry("rabbitmq", "service_healthy");
    }
    Map<String, String> gateway = dependsOn(services.get("gateway"));
    ServiceRequirements.DOMAIN_SERVICES.forEach(
        name -> assertThat(gateway).containsEntry(name, "service_healthy"));
    assertThat(gateway).containsEntry("redis", "service_healthy");
  }

  @Test
  void everyServiceGetsEveryVariableItsConfigurationNeeds() {
    for (String name : ServiceRequirements.SERVICES) {
      ServiceRequirements requirements = REQUIREMENTS.get(name);
      assertThat(environment(services(SYSTEM).get(name)).keySet())
          .as("variables set for %s (needed: %s)", name, requirements.requiredVariables())
          .containsAll(requirements.requiredVariables());
    }
  }

  @Test
  void noSecretHasADefault() {
    Set<String> secretNames = new java.util.TreeSet<>();
    REQUIREMENTS.values().forEach(r -> secretNames.addAll(r.secretVariables()));
    assertThat(secretNames)
        .contains(
            "POSTGRES_PASSWORD",
            "RABBITMQ_PASSWORD",
            "SAGASHOP_SERVICE_CREDENTIAL",
            "SAGASHOP_ADMIN_PASSWORD");
    Map<String, Map<String, Object>> all = new LinkedHashMap<>(services(INFRA));
    all.putAll(services(SYSTEM));
    all.forEach(
        (name, service) ->
            environment(service)
                .forEach(
                    (variable, value) -> {
                      if (secretNames.contains(variable)
                          || variable.matches(".*(PASSWORD|PASS|CREDENTIAL|SECRET)$")) {
                        Matcher required = REQUIRED_VARIABLE.matcher(value);
                        assertThat(required.matches())
                            .as(
                                "%s of %s is a required variable without default: %s",
                                variable, name, value)
                            .isTrue();
                      }
                    }));
    // the signing keys are a folder the user gives, never one of this repository
    String keys = strings(services(SYSTEM).get("user").get("volumes")).get(0);
    assertThat(keys).matches("\\$\\{SAGASHOP_JWT_KEYS_DIR:\\?[^}]*}:/etc/sagashop/jwt-keys:ro");
    assertThat(environment(services(SYSTEM).get("user")))
        .containsEntry("SAGASHOP_JWT_KEYS", "file:/etc/sagashop/jwt-keys/");
  }

  private static Map<String, Object> load(String file) {
    return new Yaml().load(Repository.read(Repository.path(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> environment = new LinkedHashMap<>();
    Object declared = service.get("environment");
    if (declared instanceof Map<?, ?> map) {
      map.forEach((key, value) -> environment.put(key.toString(), String.valueOf(value)));
    } else if (declared != null) {
      throw new AssertionError("environment as a list is not read by this test: " + declared);
    }
    return environment;
  }

  private static Map<String, String> dependsOn(Map<String, Object> service) {
    Map<String, String> conditions = new LinkedHashMap<>();
    ((Map<?, ?>) service.get("depends_on"))
        .forEach(
            (name, condition) ->
                conditions.put(
                    name.toString(), String.valueOf(((Map<?, ?>) condition).get("condition"))));
    return conditions;
  }

  private static List<String> strings(Object value) {
    return ((List<?>) value).stream().map(String::valueOf).toList();
  }
}
