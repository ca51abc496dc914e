package org.sagashop.platform.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The RabbitMQ topology of the whole system. Every service declares all of it, so that an event is
 * never published to an exchange where its subscriber's queue does not exist yet.
 *
 * @param namespace prefix of the exchange and queue names
 * @param subscriptions for each service, the routing-key patterns of the events it consumes
 * @param confirmTimeout how long the outbox waits for the broker to confirm one event
 */
@ConfigurationProperties("sagashop.messaging")
public record MessagingProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("sagashop") String namespace,
    Map<String, List<String>> subscriptions,
    @DefaultValue("10s") Duration confirmTimeout) {

  public MessagingProperties {
    subscriptions = subscriptions == null ? Map.of() : Map.copyOf(subscriptions);
  }

  public String exchange() {
    return namespace + ".events";
  }

  public String deadLetterExchange() {
    return namespace + ".events.dlx";
  }

  public String queueOf(String service) {
    return namespace + "." + service + ".events";
  }

  public String deadLetterQueueOf(String service) {
    return queueOf(service) + ".dlq";
  }
}
