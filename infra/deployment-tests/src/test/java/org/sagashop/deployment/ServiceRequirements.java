package org.sagashop.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * What each runnable service needs from its environment, read from the code and configuration
 * (never from the deployment files under test): its own {@code application.yml}, the config repo
 * files it imports, the variables {@code run.sh} exports to every process, and the secrets the
 * {@code prod} profile refuses to start without ({@code ProductionSecretsCheck}).
 */
record ServiceRequirements(
    String name,
    Set<String> requiredVariables,
    Set<String> secretVariables,
    PortSetting port,
    Set<String> probePaths,
    Duration drainTime) {

  /** Every runnable service, as the Jib images are named. */
  static final List<String> SERVICES =
      List.of(
          "config-server",
          "discovery-server",
          "user",
          "product",
          "order",
          "payment",
          "notification",
          "gateway");

  static final List<String> DOMAIN_SERVICES =
      List.of("user", "product", "order", "payment", "notification");

  /** {@code ${NAME}} or {@code ${NAME:default}}: environment variables only (upper case). */
  static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

  private static final Pattern SERVER_PORT =
      Pattern.compile("(?m)^server:\\s*\\n(?:\\s+#.*\\n)*\\s+port:\\s*\\$\\{([A-Z0-9_]+):(\\d+)}");
  private static final Pattern RUN_SH_EXPORT = Pattern.compile("(?m)^export ([A-Z][A-Z0-9_]*)=");
  private static final Pattern PRODUCTION_SECRET =
      Pattern.compile("new Secret\\(\\s*\"([a-z.\\-]+)\",\\s*\"([A-Z][A-Z0-9_]*)\"");
  private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|CREDENTIAL|SECRET).*");

  /** The port a service listens on: the variable that sets it and the default. */
  record PortSetting(String variable, int defaultPort) {
    int resolve(Map<String, String> environment) {
      String value = environment.get(variable);
      return value == null ? defaultPort : Integer.parseInt(value);
    }
  }

  static Map<String, ServiceRequirements> all() {
    Map<String, ServiceRequirements> all = new LinkedHashMap<>();
    for (String service : SERVICES) {
      all.put(service, of(service));
    }
    return all;
  }

  static ServiceRequirements of(String service) {
    Path module = moduleOf(service);
    List<Path> files = configurationFiles(service, module);
    String text =
        String.join("\n", files.stream().map(ServiceRequirements::withoutComments).toList());
    boolean onPlatform =
        Repository.read(module.resolve("pom.xml")).contains("<artifactId>platform</artifactId>");

    Map<String, String> placeholders = new LinkedHashMap<>();
    Matcher placeholder = PLACEHOLDER.matcher(text);
    while (placeholder.find()) {
      placeholders.putIfAbsent(placeholder.group(1), placeholder.group(2));
    }

    Set<String> required = new TreeSet<>();
    placeholders.forEach(
        (variable, defaultValue) -> {
          // no default: the service cannot start without it
          if (defaultValue == null) {
            required.add(variable);
          } else if (namesThisMachine(defaultValue)) {
            // in a container, 127.0.0.1 and localhost are the container itself
            required.add(variable);
          }
        });
    // what run.sh gives every process it starts, where this service reads it
    for (String exported : runShExports()) {
      if (placeholders.containsKey(exported)) {
        required.add(exported);
      }
    }
    // a deployment that sets one of these must take it from a secret store
    Set<String> secrets = new TreeSet<>();
    placeholders.keySet().stream()
        .filter(v -> SECRET_NAME.matcher(v).matches())
        .forEach(secrets::add);
    if (onPlatform) {
      // with the prod profile the service refuses the local default of each of these
      for (String variable : productionSecrets()) {
        if (placeholders.containsKey(variable)) {
          required.add(variable);
        }
      }
    }

    return new ServiceRequirements(
        service,
        required,
        secrets,
        port(service, files),
        probePaths(service, files),
        drainTime(text, onPlatform));
  }

  static Path moduleOf(String service) {
    return switch (service) {
      case "config-server", "discovery-server" -> Repository.path("infra/" + service);
      default -> Repository.path(service);
    };
  }

  /** The service's own application.yml and, when it imports the config server's, its files. */
  static List<Path> configurationFiles(String service, Path module) {
    Path own = module.resolve("src/main/resources/application.yml");
    List<Path> files = new ArrayList<>(List.of(own));
    if (Repository.read(own).contains("configserver:")) {
      files.add(Repository.path("infra/config-repo/application.yml"));
      Path serviceFile = Repository.path("infra/config-repo/" + service + ".yml");
      if (Files.exists(serviceFile)) {
        files.add(serviceFile);
      }
    }
    return files;
  }

  static Set<String> runShExports() {
    Set<String> exported = new LinkedHashSet<>();
    Matcher export = RUN_SH_EXPORT.matcher(Repository.read(Repository.path("run.sh")));
    while (export.find()) {
      exported.add(export.group(1));
    }
    if (exported.isEmpty()) {
      throw new IllegalStateException(
          "run.sh exports nothing at its top level: the pattern is stale");
    }
    return exported;
  }

  /** The variables ProductionSecretsCheck names, read from its source. */
  static Set<String> productionSecrets() {
    Path source =
        Repository.path(
            "infra/platform/src/main/java/org/sagashop/platform/ProductionSecretsCheck.java");
    Set<String> variables = new TreeSet<>();
    Matcher secret = PRODUCTION_SECRET.matcher(Repository.read(source));
    while (secret.find()) {
      variables.add(secret.group(2));
    }
    if (variables.isEmpty()) {
      throw new IllegalStateException("no secret found in " + source + ": the pattern is stale");
    }
    return variables;
  }

  private static boolean namesThisMachine(String defaultValue) {
    return defaultValue.contains("127.0.0.1") || defaultValue.contains("localhost");
  }

  private static PortSetting port(String service, List<Path> files) {
    for (Path file : files) {
      Matcher port = SERVER_PORT.matcher(Repository.read(file));
      if (port.find()) {
        return new PortSetting(port.group(1), Integer.parseInt(port.group(2)));
      }
    }
    throw new IllegalStateException(
        "no server.port: ${VARIABLE:default} for " + service + " in " + files);
  }

  /** The health probe paths the service's Actuator configuration exposes over HTTP. */
  @SuppressWarnings("unchecked")
  private static Set<String> probePaths(String service, List<Path> files) {
    boolean probes = false;
    boolean healthExposed = false;
    String basePath = "/actuator";
    for (Path file : files) {
      for (Object document : new Yaml().loadAll(Repository.read(file))) {
        Map<String, Object> management = (Map<String, Object>) at(document, "management");
        if (management == null) {
          continue;
        }
        if (Boolean.TRUE.equals(at(management, "endpoint", "health", "probes", "enabled"))) {
          probes = true;
        }
        Object include = at(management, "endpoints", "web", "exposure", "include");
        if (include != null && List.of(include.toString().split(",")).contains("health")) {
          healthExposed = true;
        }
        Object configuredBase = at(management, "endpoints", "web", "base-path");
        if (configuredBase != null) {
          basePath = configuredBase.toString();
        }
      }
    }
    Set<String> paths = new TreeSet<>();
    if (healthExposed) {
      paths.add(basePath + "/health");
      if (probes) {
        paths.add(basePath + "/health/liveness");
        paths.add(basePath + "/health/readiness");
      }
    }
    return paths;
  }

  /**
   * How long SIGTERM may take: the web server's requests in flight, and on the platform also the
   * event processors' batches, each one phase of spring.lifecycle.timeout-per-shutdown-phase.
   */
  private static Duration drainTime(String text, boolean onPlatform) {
    Matcher timeout =
        Pattern.compile("timeout-per-shutdown-phase:\\s*\\$\\{[A-Z_]+:(\\d+)s}").matcher(text);
    // Spring Boot's default
    Duration perPhase =
        timeout.find()
            ? Duration.ofSeconds(Long.parseLong(timeout.group(1)))
            : Duration.ofSeconds(30);
    return perPhase.multipliedBy(onPlatform ? 2 : 1);
  }

  private static Object at(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  private static String withoutComments(Path file) {
    return Repository.read(file)
        .lines()
        .filter(line -> !line.strip().startsWith("#"))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
