package org.sagashop.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.beans.BeanInfo;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads Kubernetes YAML into fabric8's typed model as strictly as the API server would: an unknown
 * kind, an unknown field anywhere (fabric8 would keep it in "additionalProperties" and say
 * nothing), a number where text belongs or text where a number belongs all fail.
 */
final class StrictKubernetes {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION =
      new KubernetesSerialization(strictMapper(), true);

  private StrictKubernetes() {}

  /** Every document of a YAML text, each as a typed resource. */
  static List<HasMetadata> parse(String yaml, String source) {
    List<HasMetadata> resources = new ArrayList<>();
    int index = 0;
    for (Object document : new Yaml().loadAll(yaml)) {
      index++;
      if (document != null) {
        resources.add(parseDocument(document, source + " (document " + index + ")"));
      }
    }
    return resources;
  }

  private static HasMetadata parseDocument(Object document, String where) {
    Object typed;
    JsonNode written;
    try {
      typed = SERIALIZATION.unmarshal(JSON.writeValueAsString(document));
      written = JSON.readTree(SERIALIZATION.asJson(typed));
    } catch (RuntimeException | JsonProcessingException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new AssertionError(
          where + " is not a valid Kubernetes resource: " + cause.getMessage(), e);
    }
    if (!(typed instanceof HasMetadata resource) || typed instanceof GenericKubernetesResource) {
      throw new AssertionError(where + " is of no kind the Kubernetes model knows: " + document);
    }
    List<String> unknown = new ArrayList<>();
    collectUnknownFields(resource, resource.getKind(), unknown);
    if (!unknown.isEmpty()) {
      throw new AssertionError(where + " has fields Kubernetes does not know: " + unknown);
    }
    // what was read must be what is written back: a value Jackson coerced to the field's type
    // (text "2" for a number, a number for text) comes back different
    List<String> changed = new ArrayList<>();
    compare(JSON.valueToTree(document), written, resource.getKind(), changed);
    if (!changed.isEmpty()) {
      throw new AssertionError(
          where + " is not a valid Kubernetes resource: values of the wrong type at " + changed);
    }
    return resource;
  }

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper = new ObjectMapper();
    // replicas: "2" or a container port written as text
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    // an environment variable's value written as a number (the API server refuses it)
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    return mapper;
  }

  private static void compare(JsonNode read, JsonNode written, String path, List<String> changed) {
    if (read.isNumber() && written.isNumber()) {
      if (read.decimalValue().compareTo(written.decimalValue()) != 0) {
        changed.add(path);
      }
    } else if (read.isObject() && written.isObject()) {
      read.fieldNames()
          .forEachRemaining(
              field -> {
                JsonNode value = read.get(field);
                JsonNode back = written.get(field);
                if (back == null) {
                  // the model leaves out what is empty: an empty list or map says nothing
                  if (!value.isNull() && !value.isEmpty()) {
                    changed.add(path + "." + field);
                  }
                } else {
                  compare(value, back, path + "." + field, changed);
                }
              });
    } else if (read.isArray() && written.isArray() && read.size() == written.size()) {
      for (int i = 0; i < read.size(); i++) {
        compare(read.get(i), written.get(i), path + "[" + i + "]", changed);
      }
    } else if (!read.equals(written)) {
      changed.add(path);
    }
  }

  private static void collectUnknownFields(Object node, String path, List<String> unknown) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknownFields(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        collectUnknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
      }
      return;
    }
    if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    try {
      BeanInfo bean = Introspector.getBeanInfo(node.getClass(), Object.class);
      for (PropertyDescriptor property : bean.getPropertyDescriptors()) {
        if (property.getReadMethod() == null) {
          continue;
        }
        Object value = property.getReadMethod().invoke(node);
        if (property.getName().equals("additionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            extra.keySet().forEach(key -> unknown.add(path + "." + key));
          }
        } else {
          collectUnknownFields(value, path + "." + property.getName(), unknown);
        }
      }
    } catch (IntrospectionException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot inspect " + node.getClass(), e);
    }
  }
}
