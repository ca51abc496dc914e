package org.sagashop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sagashop.coreapi.order.event.OrderPlacedEvent;
import org.sagashop.coreapi.product.event.StockReservedEvent;

class EventRoutingTest {

  private record PrivateEvent(String id) {}

  @Test
  void routingKeyNamesTheContextAndTheEvent() {
    assertThat(EventRouting.routingKeyOf(StockReservedEvent.class))
        .isEqualTo("product.StockReservedEvent");
    assertThat(EventRouting.routingKeyOf(OrderPlacedEvent.class))
        .isEqualTo("order.OrderPlacedEvent");
  }

  @Test
  void eventsOutsideThePublishedLanguageAreInternal() {
    assertThat(EventRouting.routingKeyOf(PrivateEvent.class)).isEqualTo("internal.PrivateEvent");
    assertThat(new EventRouting(List.of("#")).hasSubscriber("internal.PrivateEvent")).isFalse();
  }

  @Test
  void matchesLikeAnAmqpTopicExchange() {
    assertThat(EventRouting.matches("product.#", "product.StockReservedEvent")).isTrue();
    assertThat(EventRouting.matches("product.*", "product.StockReservedEvent")).isTrue();
    assertThat(EventRouting.matches("#", "order.OrderPlacedEvent")).isTrue();
    assertThat(EventRouting.matches("order.*", "product.StockReservedEvent")).isFalse();
    assertThat(EventRouting.matches("*", "product.StockReservedEvent")).isFalse();
    assertThat(EventRouting.matches("product.#.x", "product.a.b.x")).isTrue();
    assertThat(EventRouting.matches("product.StockReservedEvent", "product.StockReservedEvent"))
        .isTrue();
  }

  @Test
  void publishesOnlyWhatSomeServiceSubscribedTo() {
    EventRouting routing = new EventRouting(List.of("product.StockReservedEvent", "payment.#"));

    assertThat(routing.hasSubscriber("product.StockReservedEvent")).isTrue();
    assertThat(routing.hasSubscriber("payment.PaymentApprovedEvent")).isTrue();
    assertThat(routing.hasSubscriber("product.ProductRestockedEvent")).isFalse();
  }
}
