package org.sagashop.platform.axon;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Which events an event processor must handle one after the other, in order; events of different
 * sequences may be handled at the same time, by different segments (and instances). A projection
 * row is updated both by this service's own events (sequenced by their aggregate) and by events
 * relayed from other services, which arrive as plain events without an aggregate. Relayed events
 * are all about an order, so they are sequenced by their {@code orderId}, which is the aggregate
 * identifier of the order service's own order events: everything that touches one order is handled
 * in order, by one segment. Any other event without an aggregate falls into one shared sequence.
 */
public class OrderSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

  static final String ORDER_ID = "orderId";
  static final String UNKEYED = "unkeyed";

  private final Map<Class<?>, Optional<RecordComponent>> orderIdOf = new ConcurrentHashMap<>();

  @Override
  public Object getSequenceIdentifierFor(EventMessage<?> event) {
    if (event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
      return domain.getAggregateIdentifier();
    }
    Object payload = event.getPayload();
    return orderIdOf
        .computeIfAbsent(payload.getClass(), OrderSequencingPolicy::orderIdComponent)
        .map(component -> read(component, payload))
        .orElse(UNKEYED);
  }

  private static Optional<RecordComponent> orderIdComponent(Class<?> type) {
    if (!type.isRecord()) {
      return Optional.empty();
    }
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getName().equals(ORDER_ID) && component.getType() == String.class) {
        return Optional.of(component);
      }
    }
    return Optional.empty();
  }

  private static Object read(RecordComponent component, Object payload) {
    try {
      Object value = component.getAccessor().invoke(payload);
      return value == null ? UNKEYED : value;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }
}
