package org.sagashop.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.sagashop.platform.messaging.MessagingConfiguration;
import org.sagashop.platform.messaging.MessagingProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The machinery's gauges (see {@link PlatformMeters}). The counters and timers are kept by the
 * classes they measure: the command bus connector, the outbox and the inbox.
 */
@AutoConfiguration(
    after = {CompositeMeterRegistryAutoConfiguration.class, MessagingConfiguration.class})
public class MetricsConfiguration {

  @Bean
  public ProcessingMeters processingMeters(
      MeterRegistry registry,
      EventProcessingConfiguration processing,
      EventStore eventStore,
      JdbcTemplate jdbc,
      ObjectProvider<RabbitTemplate> rabbit,
      ObjectProvider<MessagingProperties> messaging,
      @Value("${spring.application.name}") String serviceName,
      @Value("${sagashop.metrics.refresh-interval:10s}") Duration interval) {
    return new ProcessingMeters(
        registry,
        processing,
        eventStore,
        () -> activeSagas(jdbc),
        brokerDeadLetters(rabbit.getIfAvailable(), messaging.getIfAvailable(), serviceName),
        interval);
  }

  /** Sagas live in {@code saga_entry} until they end, in every service's database. */
  static Map<String, Long> activeSagas(JdbcTemplate jdbc) {
    Map<String, Long> counts = new HashMap<>();
    jdbc.query(
        "select saga_type, count(*) from saga_entry group by saga_type",
        row -> {
          counts.put(row.getString(1), row.getLong(2));
        });
    return counts;
  }

  /** The depth of this service's RabbitMQ dead-letter queue, if it receives events at all. */
  private static Supplier<Map<String, ? extends Number>> brokerDeadLetters(
      RabbitTemplate rabbit, MessagingProperties messaging, String serviceName) {
    if (rabbit == null
        || messaging == null
        || messaging.subscriptions().getOrDefault(serviceName, List.of()).isEmpty()) {
      return Map::of;
    }
    String queue = messaging.deadLetterQueueOf(serviceName);
    return () ->
        Map.of(
            queue, rabbit.execute(channel -> channel.queueDeclarePassive(queue).getMessageCount()));
  }
}
