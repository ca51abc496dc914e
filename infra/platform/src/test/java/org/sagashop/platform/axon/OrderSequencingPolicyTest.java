package org.sagashop.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class OrderSequencingPolicyTest {

  record StockReserved(String productId, String orderId, int quantity) {}

  record ProductCreated(String productId, String name) {}

  private final OrderSequencingPolicy policy = new OrderSequencingPolicy();

  @Test
  void anOrdersOwnEventsAndTheEventsRelayedAboutItShareOneSequence() {
    var placed = new GenericDomainEventMessage<>("Order", "o-1", 0, "placed");
    var relayed = GenericEventMessage.asEventMessage(new StockReserved("p-1", "o-1", 2));

    assertThat(policy.getSequenceIdentifierFor(placed)).isEqualTo("o-1");
    assertThat(policy.getSequenceIdentifierFor(relayed)).isEqualTo("o-1");
  }

  @Test
  void aServicesOwnEventsFollowTheirAggregateEvenWhenTheyNameAnOrder() {
    var reserved =
        new GenericDomainEventMessage<>("Product", "p-1", 3, new StockReserved("p-1", "o-1", 2));

    assertThat(policy.getSequenceIdentifierFor(reserved)).isEqualTo("p-1");
  }

  @Test
  void otherEventsWithoutAnAggregateShareOneSequence() {
    var created = GenericEventMessage.asEventMessage(new ProductCreated("p-1", "Mug"));
    var text = GenericEventMessage.asEventMessage("no record");

    assertThat(policy.getSequenceIdentifierFor(created)).isEqualTo(OrderSequencingPolicy.UNKEYED);
    assertThat(policy.getSequenceIdentifierFor(text)).isEqualTo(OrderSequencingPolicy.UNKEYED);
  }
}
