package org.sagashop.platform.logging;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.sagashop.platform.axon.ActingUser;
import org.slf4j.MDC;

/**
 * Names, in the logging context (MDC), the order and the user an Axon message is about while it is
 * handled, so that every log line its handler writes carries them ({@value #ORDER_ID}, {@value
 * #USER_ID}). The order is the message's {@code orderId} (every message of the order process
 * carries one); the user is the one who acted ({@link ActingUser}), or else the message's {@code
 * userId}. What the message does not say is left out; what was in the context before comes back
 * afterwards.
 */
public class LogContext implements MessageHandlerInterceptor<Message<?>> {

  public static final String ORDER_ID = "orderId";
  public static final String USER_ID = "userId";

  private static final ClassValue<Optional<RecordComponent>> ORDER_ID_OF = component(ORDER_ID);
  private static final ClassValue<Optional<RecordComponent>> USER_ID_OF = component(USER_ID);

  @Override
  public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    Message<?> message = unitOfWork.getMessage();
    Map<String, String> before = MDC.getCopyOfContextMap();
    try {
      put(ORDER_ID, text(message.getMetaData().get(ORDER_ID), ORDER_ID_OF, message));
      put(USER_ID, text(message.getMetaData().get(ActingUser.USER_ID), USER_ID_OF, message));
      return chain.proceed();
    } finally {
      restore(ORDER_ID, before);
      restore(USER_ID, before);
    }
  }

  private static String text(
      Object fromMetaData, ClassValue<Optional<RecordComponent>> component, Message<?> message) {
    if (fromMetaData != null) {
      return fromMetaData.toString();
    }
    Object payload = message.getPayload();
    if (payload == null) {
      return null;
    }
    return component
        .get(payload.getClass())
        .map(
            accessor -> {
              try {
                Object value = accessor.getAccessor().invoke(payload);
                return value == null ? null : value.toString();
              } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
              }
            })
        .orElse(null);
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  private static void restore(String key, Map<String, String> before) {
    put(key, before == null ? null : before.get(key));
  }

  /** The record component of that name and of type String, in records that have one. */
  private static ClassValue<Optional<RecordComponent>> component(String name) {
    return new ClassValue<>() {
      @Override
      protected Optional<RecordComponent> computeValue(Class<?> type) {
        if (!type.isRecord()) {
          return Optional.empty();
        }
        for (RecordComponent component : type.getRecordComponents()) {
          if (component.getName().equals(name) && component.getType() == String.class) {
            component.getAccessor().trySetAccessible();
            return Optional.of(component);
          }
        }
        return Optional.empty();
      }
    };
  }
}
