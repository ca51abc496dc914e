package org.sagashop.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.amqp.autoconfig.AMQPAutoConfiguration;
import org.axonframework.extensions.amqp.eventhandling.AMQPMessageConverter;
import org.axonframework.extensions.amqp.eventhandling.DefaultAMQPMessageConverter;
import org.axonframework.serialization.Serializer;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.retry.ImmediateRequeueMessageRecoverer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the outbox, the inbox and the RabbitMQ topology of the event transport. */
@AutoConfiguration(before = AMQPAutoConfiguration.class)
@EnableConfigurationProperties(MessagingProperties.class)
@ConditionalOnProperty(name = "sagashop.messaging.enabled", matchIfMissing = true)
public class MessagingConfiguration {

  @Bean
  public EventRouting eventRouting(MessagingProperties properties) {
    return new EventRouting(
        properties.subscriptions().values().stream().flatMap(List::stream).toList());
  }

  @Bean
  public AMQPMessageConverter amqpMessageConverter(
      @Qualifier("eventSerializer") Serializer eventSerializer, EventRouting resolver) {
    return DefaultAMQPMessageConverter.builder()
        .serializer(eventSerializer)
        .routingKeyResolver(resolver)
        .durable(true)
        .build();
  }

  /** Every service declares the whole topology, so no publisher ever meets a missing queue. */
  @Bean
  public Declarables eventTopology(MessagingProperties properties) {
    TopicExchange events = new TopicExchange(properties.exchange(), true, false);
    DirectExchange deadLetters = new DirectExchange(properties.deadLetterExchange(), true, false);
    List<Declarable> declarables = new ArrayList<>(List.of(events, deadLetters));
    for (Map.Entry<String, List<String>> subscription : properties.subscriptions().entrySet()) {
      String service = subscription.getKey();
      if (subscription.getValue().isEmpty()) {
        continue;
      }
      Queue queue =
          QueueBuilder.durable(properties.queueOf(service))
              .deadLetterExchange(deadLetters.getName())
              .deadLetterRoutingKey(service)
              .build();
      Queue deadLetterQueue = QueueBuilder.durable(properties.deadLetterQueueOf(service)).build();
      declarables.add(queue);
      declarables.add(deadLetterQueue);
      declarables.add(BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(service));
      for (String pattern : subscription.getValue()) {
        Binding binding = BindingBuilder.bind(queue).to(events).with(pattern);
        declarables.add(binding);
      }
    }
    return new Declarables(declarables);
  }

  @Bean
  public EventOutbox eventOutbox(
      RabbitTemplate rabbitTemplate,
      AMQPMessageConverter converter,
      EventRouting routing,
      MessagingProperties properties,
      @Value("${spring.application.name}") String serviceName) {
    return new EventOutbox(rabbitTemplate, converter, routing, properties, serviceName);
  }

  @Bean
  public EventInbox eventInbox(
      AMQPMessageConverter converter,
      EventStore eventStore,
      JdbcTemplate jdbcTemplate,
      PlatformTransactionManager transactionManager,
      RabbitTemplate rabbitTemplate,
      MessagingProperties properties,
      @Value("${spring.application.name}") String serviceName) {
    return new EventInbox(
        converter,
        eventStore,
        jdbcTemplate,
        new TransactionTemplate(transactionManager),
        rabbitTemplate,
        properties.deadLetterQueueOf(serviceName));
  }

  /**
   * Listens on this service's queue, if it subscribes to anything. A failure to store an event (the
   * database is down, say) is retried with back-off and then requeued, never dead-lettered: only
   * unreadable messages go to the dead-letter queue, and {@link EventInbox} puts them there itself.
   */
  @Bean
  public SimpleMessageListenerContainer eventInboxContainer(
      ConnectionFactory connectionFactory,
      EventInbox inbox,
      MessagingProperties properties,
      @Value("${spring.application.name}") String serviceName,
      @Value("${sagashop.messaging.inbox.prefetch:50}") int prefetch) {
    SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
    factory.setConnectionFactory(connectionFactory);
    factory.setPrefetchCount(prefetch);
    factory.setConcurrentConsumers(1);
    factory.setDefaultRequeueRejected(true);
    factory.setMissingQueuesFatal(false);
    factory.setAdviceChain(
        RetryInterceptorBuilder.stateless()
            .maxAttempts(5)
            .backOffOptions(200, 2.0, 5_000)
            .recoverer(new ImmediateRequeueMessageRecoverer())
            .build());
    SimpleMessageListenerContainer container = factory.createListenerContainer();
    container.setQueueNames(properties.queueOf(serviceName));
    container.setMessageListener(inbox::receive);
    List<String> subscribed = properties.subscriptions().getOrDefault(serviceName, List.of());
    container.setAutoStartup(!subscribed.isEmpty());
    return container;
  }
}
