package org.sagashop.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.order.event.OrderCompletedEvent;
import org.sagashop.platform.axon.ActingUser;
import org.slf4j.MDC;

class LogContextTest {

  record ReserveStock(String productId, String orderId, int quantity) {}

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void namesTheOrderAndTheActingUserWhileAMessageIsHandled() {
    Map<String, String> seen =
        handle(
            GenericCommandMessage.asCommandMessage(new ReserveStock("mug", "order-1", 2))
                .andMetaData(Map.of(ActingUser.USER_ID, "user-1")));

    assertThat(seen).containsEntry("orderId", "order-1").containsEntry("userId", "user-1");
    assertThat(MDC.get("orderId")).isNull();
    assertThat(MDC.get("userId")).isNull();
  }

  @Test
  void takesTheUserFromTheEventWhenNoUserActed() {
    Map<String, String> seen =
        handle(
            GenericEventMessage.asEventMessage(
                new OrderCompletedEvent("order-2", "buyer-2", BigDecimal.TEN)));

    assertThat(seen).containsEntry("orderId", "order-2").containsEntry("userId", "buyer-2");
  }

  @Test
  void leavesOutWhatTheMessageDoesNotSayAndRestoresWhatWasThere() {
    MDC.put("orderId", "outer-order");

    Map<String, String> seen = handle(GenericEventMessage.asEventMessage("no order here"));

    assertThat(seen).doesNotContainKeys("orderId", "userId");
    assertThat(MDC.get("orderId")).isEqualTo("outer-order");
  }

  private static Map<String, String> handle(Message<?> message) {
    AtomicReference<Map<String, String>> seen = new AtomicReference<>();
    DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
    unitOfWork.executeWithResult(
        () ->
            new DefaultInterceptorChain<>(
                    unitOfWork,
                    List.of(new LogContext()),
                    handled -> {
                      Map<String, String> context = MDC.getCopyOfContextMap();
                      seen.set(context == null ? Map.of() : new HashMap<>(context));
                      return null;
                    })
                .proceed());
    return seen.get();
  }
}
