package org.sagashop.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s: every file parses strictly into the Kubernetes model, every kustomization names
 * exactly its folder's files, and the base gives each service what its code and configuration need
 * (variables, secrets from Secrets, probe paths, ports, drain time).
 */
class KubernetesManifestsTest {

  private static final Kustomization BASE = Kustomization.read(Kustomization.BASE);
  private static final Map<String, ServiceRequirements> REQUIREMENTS = ServiceRequirements.all();

  @Test
  void strictParsingRefusesUnknownFieldsKindsAndWrongTypes() {
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: x
        spec:
          replicas: REPLICAS
          template:
            spec:
              EXTRA
              containers:
                - name: x
                  image: x
                  env:
                    - name: PORT
                      value: VALUE
        """;
    String valid =
        deployment
            .replace("REPLICAS", "2")
            .replace("EXTRA", "hostname: x")
            .replace("VALUE", "\"8081\"");
    assertThat(StrictKubernetes.parse(valid, "valid")).hasSize(1);
    assertThatThrownBy(
            () ->
                StrictKubernetes.parse(
                    valid.replace("hostname: x", "terminationGracePeriod: 60"), "unknown field"))
        .hasMessageContaining("terminationGracePeriod");
    assertThatThrownBy(
            () ->
                StrictKubernetes.parse(
                    valid.replace("replicas: 2", "replicas: \"2\""), "text for a number"))
        .hasMessageContaining("not a valid Kubernetes resource");
    assertThatThrownBy(
            () ->
                StrictKubernetes.parse(
                    valid.replace("value: \"8081\"", "value: 8081"), "number for text"))
        .hasMessageContaining("not a valid Kubernetes resource");
    assertThatThrownBy(
            () ->
                StrictKubernetes.parse(
                    valid.replace("kind: Deployment", "kind: Deploymnet"), "unknown kind"))
        .hasMessageContaining("no kind");
  }

  @Test
  void everyKustomizationNamesExactlyTheFilesOfItsFolder() {
    List<Kustomization> all = new ArrayList<>(List.of(BASE));
    all.addAll(Kustomization.overlays());
    assertThat(all).hasSizeGreaterThan(1);
    for (Kustomization kustomization : all) {
      assertThat(kustomization.file().keySet())
          .as("fields of %s/kustomization.yaml", kustomization.folder())
          .isSubsetOf(Kustomization.KNOWN_FIELDS);
      List<String> named =
          kustomization.namedFiles().stream()
              .filter(name -> name.endsWith(".yaml"))
              .sorted()
              .toList();
      assertThat(named)
          .as("the YAML files %s names", kustomization.folder())
          .containsExactlyInAnyOrderElementsOf(kustomization.yamlFilesInFolder());
    }
  }

  @Test
  void overlaysPatchOnlyWhatTheBaseHasAndTagOnlyItsImages() {
    Set<String> baseResources = new TreeSet<>();
    BASE.resources().forEach(r -> baseResources.add(r.getKind() + "/" + r.getMetadata().getName()));
    ConfigMap baseConfig = configMap();
    Set<String> images = new TreeSet<>();
    deployments()
        .forEach(
            d ->
                d.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .forEach(c -> images.add(c.getImage().split(":")[0])));
    for (Kustomization overlay : Kustomization.overlays()) {
      for (HasMetadata patch : overlay.patches()) {
        assertThat(baseResources)
            .as("what %s patches", overlay.folder())
            .contains(patch.getKind() + "/" + patch.getMetadata().getName());
        if (patch instanceof ConfigMap config) {
          assertThat(baseConfig.getData().keySet())
              .as(
                  "a key the overlay %s sets in %s",
                  overlay.folder(), config.getMetadata().getName())
              .containsAll(config.getData().keySet());
        }
      }
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> overlayImages =
          (List<Map<String, Object>>) overlay.file().getOrDefault("images", List.of());
      overlayImages.forEach(image -> assertThat(images).contains((String) image.get("name")));
    }
  }

  @Test
  void everyServiceIsDeployedFromItsJibImage() {
    Map<String, Deployment> deployments = deploymentsByName();
    assertThat(deployments.keySet())
        .containsExactlyInAnyOrderElementsOf(ServiceRequirements.SERVICES);
    deployments.forEach(
        (name, deployment) ->
            assertThat(container(deployment).getImage()).startsWith("sagashop/" + name + ":"));
  }

  @Test
  void domainServicesRunTwiceAndEveryServiceHasADisruptionBudget() {
    Map<String, Deployment> deployments = deploymentsByName();
    for (String service : ServiceRequirements.DOMAIN_SERVICES) {
      assertThat(deployments.get(service).getSpec().getReplicas()).as(service).isEqualTo(2);
    }
    assertThat(deployments.get("gateway").getSpec().getReplicas()).isEqualTo(2);
    List<PodDisruptionBudget> budgets =
        BASE.resources().stream()
            .filter(PodDisruptionBudget.class::isInstance)
            .map(PodDisruptionBudget.class::cast)
            .toList();
    for (Deployment deployment : deployments.values()) {
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      List<PodDisruptionBudget> covering =
          budgets.stream()
              .filter(
                  b ->
                      podLabels
                          .entrySet()
                          .containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()))
              .toList();
      assertThat(covering)
          .as("disruption budgets of %s", deployment.getMetadata().getName())
          .hasSize(1);
      PodDisruptionBudget budget = covering.get(0);
      if (deployment.getSpec().getReplicas() > 1) {
        // a drain leaves one running
        assertThat(budget.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
      } else {
        // one replica: a budget that forbids any eviction would block every node drain
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
      }
      assertThat(deployment.getSpec().getSelector().getMatchLabels().entrySet())
          .isSubsetOf(podLabels.entrySet());
    }
  }

  @Test
  void everyServiceGetsEveryVariableItsConfigurationNeeds() {
    deploymentsByName()
        .forEach(
            (name, deployment) ->
                assertThat(environment(container(deployment)).keySet())
                    .as(
                        "variables set for %s (needed: %s)",
                        name, REQUIREMENTS.get(name).requiredVariables())
                    .containsAll(REQUIREMENTS.get(name).requiredVariables()));
  }

  @Test
  void secretsComeFromSecretsAndNoSecretIsCommitted() {
    assertThat(allFiles()).noneMatch(Secret.class::isInstance);
    Set<String> secretNames = new TreeSet<>();
    REQUIREMENTS.values().forEach(r -> secretNames.addAll(r.secretVariables()));
    assertThat(secretNames).contains("POSTGRES_PASSWORD", "SAGASHOP_SERVICE_CREDENTIAL");
    assertThat(configMap().getData().keySet()).doesNotContainAnyElementsOf(secretNames);
    for (Deployment deployment : deployments()) {
      Container container = container(deployment);
      for (EnvVar variable : container.getEnv()) {
        if (secretNames.contains(variable.getName())) {
          assertThat(variable.getValue()).as(variable.getName()).isNull();
          assertThat(variable.getValueFrom().getSecretKeyRef())
              .as("%s of %s", variable.getName(), deployment.getMetadata().getName())
              .isNotNull();
          assertThat(variable.getValueFrom().getSecretKeyRef().getOptional())
              .isNotEqualTo(Boolean.TRUE);
        }
      }
    }
  }

  @Test
  void theSigningKeysComeFromASecretMountedWhereTheUserServiceLooks() {
    Deployment user = deploymentsByName().get("user");
    String location = environment(container(user)).get("SAGASHOP_JWT_KEYS");
    assertThat(location).startsWith("file:/").endsWith("/");
    String folder = location.substring("file:".length(), location.length() - 1);
    VolumeMount mount =
        container(user).getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals(folder))
            .findFirst()
            .orElseThrow();
    Volume volume =
        user.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getSecret()).as("the volume at %s", folder).isNotNull();
  }

  @Test
  void probesUseActuatorPathsTheServicesExposeOnTheirPort() {
    deploymentsByName()
        .forEach(
            (name, deployment) -> {
              Container container = container(deployment);
              ServiceRequirements requirements = REQUIREMENTS.get(name);
              int port = requirements.port().resolve(environment(container));
              assertThat(container.getPorts()).as("ports of %s", name).hasSize(1);
              assertThat(container.getPorts().get(0).getContainerPort())
                  .as("port of %s", name)
                  .isEqualTo(port);
              String portName = container.getPorts().get(0).getName();
              Map<String, Probe> probes = new LinkedHashMap<>();
              probes.put("startup", container.getStartupProbe());
              probes.put("liveness", container.getLivenessProbe());
              probes.put("readiness", container.getReadinessProbe());
              probes.forEach(
                  (kind, probe) -> {
                    assertThat(probe).as("%s probe of %s", kind, name).isNotNull();
                    HTTPGetAction get = probe.getHttpGet();
                    assertThat(requirements.probePaths())
                        .as("%s probe path of %s", kind, name)
                        .contains(get.getPath());
                    assertThat(
                            get.getPort().getStrVal() != null
                                ? get.getPort().getStrVal().equals(portName)
                                : get.getPort().getIntVal() == port)
                        .as("%s probe port of %s", kind, name)
                        .isTrue();
                  });
              assertThat(container.getLivenessProbe().getHttpGet().getPath())
                  .endsWith("/health/liveness");
              assertThat(container.getReadinessProbe().getHttpGet().getPath())
                  .endsWith("/health/readiness");
            });
  }

  @Test
  void servicesAddressThePortsTheirTargetsListenOn() {
    Map<String, Deployment> deployments = deploymentsByName();
    Map<String, String> config = configMap().getData();
    assertThat(config.get("CONFIG_SERVER_URL"))
        .isEqualTo("http://config-server:" + port(deployments, "config-server"));
    assertThat(config.get("EUREKA_URL"))
        .isEqualTo("http://discovery-server:" + port(deployments, "discovery-server") + "/eureka/");
    for (Service service :
        BASE.resources().stream()
            .filter(Service.class::isInstance)
            .map(Service.class::cast)
            .toList()) {
      Deployment target = deployments.get(service.getMetadata().getName());
      if (target == null) {
        assertThat(service.getSpec().getType())
            .as(service.getMetadata().getName())
            .isEqualTo("ExternalName");
        continue;
      }
      assertThat(target.getSpec().getTemplate().getMetadata().getLabels().entrySet())
          .containsAll(service.getSpec().getSelector().entrySet());
      String targetPort = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();
      assertThat(container(target).getPorts())
          .anyMatch(p -> Objects.equals(p.getName(), targetPort));
    }
  }

  @Test
  void terminationGraceCoversTheDrainTime() {
    deploymentsByName()
        .forEach(
            (name, deployment) -> {
              long drain = REQUIREMENTS.get(name).drainTime().toSeconds();
              Container container = container(deployment);
              long preStop = 0;
              if (container.getLifecycle() != null
                  && container.getLifecycle().getPreStop() != null) {
                List<String> command = container.getLifecycle().getPreStop().getExec().getCommand();
                assertThat(command.get(0)).isEqualTo("sleep");
                preStop = Long.parseLong(command.get(1));
              }
              long grace =
                  deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
              assertThat(grace)
                  .as("grace period of %s (drain %ss + preStop %ss)", name, drain, preStop)
                  .isBetween(drain + preStop, drain + preStop + 20);
            });
  }

  @Test
  void everyContainerRequestsCpuAndMemoryAndIsLimitedInMemory() {
    for (Deployment deployment : deployments()) {
      Container container = container(deployment);
      Map<String, Quantity> requests = container.getResources().getRequests();
      Map<String, Quantity> limits = container.getResources().getLimits();
      assertThat(requests).as(deployment.getMetadata().getName()).containsKeys("cpu", "memory");
      assertThat(limits).as(deployment.getMetadata().getName()).containsKey("memory");
      assertThat(Quantity.getAmountInBytes(limits.get("memory")))
          .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
    }
  }

  private static List<HasMetadata> allFiles() {
    List<HasMetadata> all = new ArrayList<>(BASE.resources());
    Kustomization.overlays()
        .forEach(
            o -> {
              all.addAll(o.resources());
              all.addAll(o.patches());
            });
    return all;
  }

  private static List<Deployment> deployments() {
    return BASE.resources().stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .toList();
  }

  private static Map<String, Deployment> deploymentsByName() {
    Map<String, Deployment> byName = new LinkedHashMap<>();
    deployments().forEach(d -> byName.put(d.getMetadata().getName(), d));
    return byName;
  }

  private static ConfigMap configMap() {
    return BASE.resources().stream()
        .filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static Container container(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as(deployment.getMetadata().getName()).hasSize(1);
    return containers.get(0);
  }

  private static int port(Map<String, Deployment> deployments, String name) {
    return container(deployments.get(name)).getPorts().get(0).getContainerPort();
  }

  /** The variables a container gets: its own, then the ConfigMaps it takes whole. */
  private static Map<String, String> environment(Container container) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (EnvFromSource source : container.getEnvFrom()) {
      assertThat(source.getConfigMapRef()).as("envFrom takes ConfigMaps only").isNotNull();
      ConfigMap config = configMap();
      assertThat(source.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName());
      environment.putAll(config.getData());
    }
    for (EnvVar variable : container.getEnv()) {
      environment.put(
          variable.getName(),
          variable.getValue() == null
              ? "<from " + variable.getValueFrom() + ">"
              : variable.getValue());
    }
    return environment;
  }
}
