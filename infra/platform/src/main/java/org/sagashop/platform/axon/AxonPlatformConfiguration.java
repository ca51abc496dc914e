package org.sagashop.platform.axon;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.sagashop.platform.messaging.EventOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/** Axon settings every service shares. */
@AutoConfiguration(before = AxonAutoConfiguration.class)
public class AxonPlatformConfiguration {

  @Bean
  @Primary
  public Serializer serializer() {
    return AxonSerializers.jackson();
  }

  @Bean
  @Qualifier("eventSerializer")
  public Serializer eventSerializer() {
    return AxonSerializers.jackson();
  }

  @Bean
  @Qualifier("messageSerializer")
  public Serializer messageSerializer() {
    return AxonSerializers.jackson();
  }

  /** Commands sent on a user's behalf carry the user's id (see {@link ActingUser}). */
  @Bean
  public SmartInitializingSingleton actingUserOnCommands(ObjectProvider<CommandGateway> gateway) {
    return () -> gateway.ifAvailable(g -> g.registerDispatchInterceptor(new ActingUser()));
  }

  /** Passes the acting user's id from each message to the messages it causes. */
  @Bean
  public CorrelationDataProvider actingUserCorrelation() {
    return new SimpleCorrelationDataProvider(ActingUser.USER_ID);
  }

  /**
   * Axon's default correlation (correlation and trace ids), which it leaves out as soon as any
   * other provider is declared.
   */
  @Bean
  public CorrelationDataProvider axonMessageOrigin() {
    return new MessageOriginProvider();
  }

  /**
   * Every streaming processor but the outbox starts with {@code sagashop.axon.segments} segments
   * and as many threads, so one instance processes them all and two or more share them (see {@link
   * SegmentBalancer}). Processors declared in a service's configuration set the same there.
   *
   * <p>Processors without a dead-letter queue (the outbox here, a service's sagas through {@link
   * #batchedProcessor}) handle up to {@code sagashop.axon.batch-size} events that are already there
   * in one transaction, with one token update: one event a transaction spent much of the services'
   * time on commits and token writes (see BENCHMARKS.md). A batch never waits to fill up; a failure
   * rolls the whole batch back and it is handled again, which those handlers tolerate as they
   * tolerate a redelivery. Projections keep one event a transaction: a failure at commit is tied to
   * its event only so (see {@link CommitFailureDeadLettering}), and a batch holding an event
   * PostgreSQL refuses would otherwise be retried for ever.
   */
  @Bean
  public ConfigurerModule segmentedProcessors(
      @Value("${sagashop.axon.segments:2}") int segments,
      @Value("${sagashop.axon.batch-size:16}") int batchSize) {
    return configurer ->
        configurer
            .eventProcessing()
            .registerTrackingEventProcessorConfiguration(c -> processorConfiguration(segments, 1))
            .registerTrackingEventProcessorConfiguration(
                EventOutbox.PROCESSING_GROUP, c -> processorConfiguration(segments, batchSize))
            // with several segments, what touches one order must still be handled in order
            .registerDefaultSequencingPolicy(c -> new OrderSequencingPolicy());
  }

  /**
   * Lets the processor {@code name}, which has no dead-letter queue (a saga's), handle up to {@code
   * sagashop.axon.batch-size} waiting events a transaction.
   */
  public static ConfigurerModule batchedProcessor(String name, int segments, int batchSize) {
    return configurer ->
        configurer
            .eventProcessing()
            .registerTrackingEventProcessorConfiguration(
                name, c -> processorConfiguration(segments, batchSize));
  }

  private static TrackingEventProcessorConfiguration processorConfiguration(
      int segments, int batchSize) {
    return TrackingEventProcessorConfiguration.forParallelProcessing(segments)
        .andInitialSegmentsCount(segments)
        .andBatchSize(batchSize);
  }

  @Bean
  public SegmentBalancer segmentBalancer(
      EventProcessingConfiguration processing,
      TokenStore tokenStore,
      TransactionManager transactionManager,
      ObjectProvider<DiscoveryClient> discovery,
      @Value("${spring.application.name}") String serviceName,
      @Value("${sagashop.axon.segments:2}") int segments,
      @Value("${sagashop.axon.balance-interval:10s}") Duration interval) {
    DiscoveryClient registry = discovery.getIfAvailable();
    return new SegmentBalancer(
        processing,
        tokenStore,
        transactionManager,
        () -> registry == null ? 1 : registry.getInstances(serviceName).size(),
        segments,
        interval,
        Set.of(EventOutbox.PROCESSING_GROUP));
  }

  /**
   * Axon's default for event handlers is to log a failure and move on, which silently drops the
   * event. Every processor here instead propagates the failure: the processor retries the batch
   * with back-off (and, where a dead-letter queue is enabled, parks the failing sequence there).
   */
  @Bean
  public ConfigurerModule propagateEventHandlerFailures() {
    return configurer ->
        configurer
            .eventProcessing()
            .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
            .registerListenerInvocationErrorHandler(
                EventOutbox.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
  }

  /**
   * Projections park an event that keeps failing in Axon's dead-letter queue (table {@code
   * dead_letter_entry}), so one bad event blocks only its own sequence (one aggregate) while the
   * others keep flowing. The outbox has none on purpose: it must retry until the broker is back, in
   * order. Sagas are not supported by Axon's dead-letter queue. A failure at commit is parked too
   * (see {@link CommitFailureDeadLettering}).
   */
  @Bean
  public ConfigurerModule projectionDeadLetterQueues(Environment environment) {
    Predicate<String> hasDeadLetterQueue = hasDeadLetterQueue(environment);
    return configurer ->
        configurer
            .eventProcessing()
            .registerDeadLetterQueueProvider(
                processingGroup -> {
                  if (!hasDeadLetterQueue.test(processingGroup)) {
                    return null;
                  }
                  return c ->
                      JpaSequencedDeadLetterQueue.builder()
                          .processingGroup(processingGroup)
                          .entityManagerProvider(c.getComponent(EntityManagerProvider.class))
                          .transactionManager(c.getComponent(TransactionManager.class))
                          .eventSerializer(c.eventSerializer())
                          .genericSerializer(c.serializer())
                          .build();
                });
  }

  @Bean
  public CommitFailureDeadLettering commitFailureDeadLettering(Environment environment) {
    return new CommitFailureDeadLettering(hasDeadLetterQueue(environment));
  }

  private static Predicate<String> hasDeadLetterQueue(Environment environment) {
    // groups that must retry in place instead (an event handler that sends a command, say)
    Set<String> excluded =
        Set.copyOf(
            Binder.get(environment)
                .bind(
                    "sagashop.axon.processors-without-dead-letter-queue",
                    Bindable.listOf(String.class))
                .orElse(List.of()));
    return processingGroup ->
        !EventOutbox.PROCESSING_GROUP.equals(processingGroup)
            && !excluded.contains(processingGroup)
            && !processingGroup.endsWith("SagaProcessor");
  }
}
