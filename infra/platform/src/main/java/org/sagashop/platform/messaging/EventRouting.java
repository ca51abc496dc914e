package org.sagashop.platform.messaging;

import java.util.Collection;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.amqp.eventhandling.RoutingKeyResolver;

/**
 * Routing keys are {@code <context>.<EventName>}, taken from the published language's package
 * ({@code org.sagashop.coreapi.<context>.event}). Events outside it are private to their service:
 * they get the key {@code internal.<EventName>}, which no subscription may name.
 */
public class EventRouting implements RoutingKeyResolver {

  static final String CORE_API_PACKAGE = "org.sagashop.coreapi.";
  static final String INTERNAL = "internal";

  private final Collection<String> patterns;

  public EventRouting(Collection<String> patterns) {
    this.patterns = patterns;
  }

  @Override
  public String resolveRoutingKey(EventMessage<?> event) {
    return routingKeyOf(event.getPayloadType());
  }

  public static String routingKeyOf(Class<?> payloadType) {
    String name = payloadType.getName();
    if (name.startsWith(CORE_API_PACKAGE)) {
      String rest = name.substring(CORE_API_PACKAGE.length());
      int dot = rest.indexOf('.');
      if (dot > 0) {
        return rest.substring(0, dot) + "." + payloadType.getSimpleName();
      }
    }
    return INTERNAL + "." + payloadType.getSimpleName();
  }

  /** Whether any service subscribes to events with this routing key. */
  public boolean hasSubscriber(String routingKey) {
    return !routingKey.startsWith(INTERNAL + ".")
        && patterns.stream().anyMatch(pattern -> matches(pattern, routingKey));
  }

  /** AMQP topic matching: {@code *} is exactly one word, {@code #} is zero or more words. */
  public static boolean matches(String pattern, String routingKey) {
    return matches(pattern.split("\\."), 0, routingKey.split("\\."), 0);
  }

  private static boolean matches(String[] pattern, int p, String[] key, int k) {
    if (p == pattern.length) {
      return k == key.length;
    }
    if (pattern[p].equals("#")) {
      for (int skip = k; skip <= key.length; skip++) {
        if (matches(pattern, p + 1, key, skip)) {
          return true;
        }
      }
      return false;
    }
    if (k == key.length) {
      return false;
    }
    return (pattern[p].equals("*") || pattern[p].equals(key[k]))
        && matches(pattern, p + 1, key, k + 1);
  }
}
