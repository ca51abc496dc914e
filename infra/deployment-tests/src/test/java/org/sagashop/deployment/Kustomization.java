package org.sagashop.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * One kustomization folder, read without the kustomize binary: its kustomization.yaml (only the
 * fields these manifests use are accepted, so a misspelt one fails), each resource file and each
 * patch file parsed strictly. It does not render: patches are checked as what they are, partial
 * resources that must name a resource of the base.
 */
record Kustomization(
    Path folder,
    Map<String, Object> file,
    List<String> resourceEntries,
    List<HasMetadata> resources,
    List<HasMetadata> patches,
    List<Kustomization> bases) {

  static final Set<String> KNOWN_FIELDS =
      Set.of("apiVersion", "kind", "namespace", "labels", "resources", "patches", "images");

  static final Path BASE = Repository.path("deploy/k8s/base");
  static final Path OVERLAYS = Repository.path("deploy/k8s/overlays");

  @SuppressWarnings("unchecked")
  static Kustomization read(Path folder) {
    Path kustomizationFile = folder.resolve("kustomization.yaml");
    Map<String, Object> file = new Yaml().load(Repository.read(kustomizationFile));
    List<String> resourceEntries = (List<String>) file.getOrDefault("resources", List.of());
    List<HasMetadata> resources = new ArrayList<>();
    List<Kustomization> bases = new ArrayList<>();
    for (String entry : resourceEntries) {
      Path target = folder.resolve(entry).normalize();
      if (Files.isDirectory(target)) {
        bases.add(read(target));
      } else if (Files.isRegularFile(target)) {
        resources.addAll(
            StrictKubernetes.parse(
                Repository.read(target), Repository.ROOT.relativize(target).toString()));
      } else {
        throw new AssertionError(kustomizationFile + " lists " + entry + ", which does not exist");
      }
    }
    List<HasMetadata> patches = new ArrayList<>();
    for (Map<String, Object> patch :
        (List<Map<String, Object>>) file.getOrDefault("patches", List.of())) {
      Path target = folder.resolve((String) patch.get("path")).normalize();
      patches.addAll(
          StrictKubernetes.parse(
              Repository.read(target), Repository.ROOT.relativize(target).toString()));
    }
    return new Kustomization(folder, file, resourceEntries, resources, patches, bases);
  }

  static List<Kustomization> overlays() {
    try (Stream<Path> folders = Files.list(OVERLAYS)) {
      return folders.filter(Files::isDirectory).sorted().map(Kustomization::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML files of the folder that the kustomization names (resources and patches). */
  @SuppressWarnings("unchecked")
  List<String> namedFiles() {
    List<String> named = new ArrayList<>(resourceEntries);
    for (Map<String, Object> patch :
        (List<Map<String, Object>>) file.getOrDefault("patches", List.of())) {
      named.add((String) patch.get("path"));
    }
    return named;
  }

  List<String> yamlFilesInFolder() {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
          .filter(name -> !name.equals("kustomization.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resources of this folder and of every base it builds on. */
  List<HasMetadata> allResources() {
    List<HasMetadata> all = new ArrayList<>();
    bases.forEach(base -> all.addAll(base.allResources()));
    all.addAll(resources);
    return all;
  }
}
