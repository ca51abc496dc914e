package org.sagashop.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Axon configuration over an in-memory event store: a projection that is held on one event
 * (so its processor lags) and that fails on another (which goes to its dead-letter queue).
 */
class ProcessingMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EmbeddedEventStore store =
      EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicLong sagas = new AtomicLong(3);
  private Configuration axon;

  record Handled(String id) {}

  record Held(String id) {}

  record Failing(String id) {}

  @ProcessingGroup("projection")
  class Projection {
    @EventHandler
    void on(Handled event) {}

    @EventHandler
    void on(Held event) throws InterruptedException {
      held.countDown();
      release.await(30, TimeUnit.SECONDS);
    }

    @EventHandler
    void on(Failing event) {
      throw new IllegalStateException("cannot handle " + event.id());
    }
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (axon != null) {
      axon.shutdown();
    }
  }

  @Test
  void reportsEachSegmentsLagInEventsAndInSecondsBehindTheHeadOfTheStore() throws Exception {
    start(
        ep ->
            ep.registerTrackingEventProcessor("projection")
                .registerEventHandler(c -> new Projection()));
    store.publish(event(new Handled("1"), Instant.now()));
    Instant heldSince = Instant.now().minus(Duration.ofMinutes(5));
    store.publish(event(new Held("2"), heldSince));
    store.publish(event(new Handled("3"), Instant.now()));
    assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
    ProcessingMeters meters = meters();

    meters.refresh();

    assertThat(
            gauge(PlatformMeters.PROCESSOR_LAG_EVENTS, "processor", "projection", "segment", "0"))
        .isEqualTo(2);
    assertThat(
            gauge(PlatformMeters.PROCESSOR_LAG_SECONDS, "processor", "projection", "segment", "0"))
        .isBetween(299.0, 330.0);

    release.countDown();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              meters.refresh();
              assertThat(
                      gauge(
                          PlatformMeters.PROCESSOR_LAG_EVENTS,
                          "processor",
                          "projection",
                          "segment",
                          "0"))
                  .isZero();
              assertThat(
                      gauge(
                          PlatformMeters.PROCESSOR_LAG_SECONDS,
                          "processor",
                          "projection",
                          "segment",
                          "0"))
                  .isZero();
            });
  }

  @Test
  void countsDeadLettersPerProcessingGroupAndSagasPerType() {
    start(
        ep ->
            ep.registerTrackingEventProcessor("projection")
                .registerEventHandler(c -> new Projection())
                .registerDeadLetterQueue(
                    "projection", c -> InMemorySequencedDeadLetterQueue.defaultQueue()));
    ProcessingMeters meters = meters();
    meters.refresh();
    assertThat(gauge(PlatformMeters.DEAD_LETTERS, "queue", "projection", "kind", "axon")).isZero();
    assertThat(gauge(PlatformMeters.SAGAS_ACTIVE, "saga", "OrderSaga")).isEqualTo(3);

    store.publish(event(new Failing("a"), Instant.now()));
    store.publish(event(new Failing("b"), Instant.now()));
    sagas.set(1);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              meters.refresh();
              assertThat(gauge(PlatformMeters.DEAD_LETTERS, "queue", "projection", "kind", "axon"))
                  .isEqualTo(2);
            });
    assertThat(
            gauge(PlatformMeters.DEAD_LETTERS, "queue", "test.order.events.dlq", "kind", "broker"))
        .isEqualTo(4);
    assertThat(gauge(PlatformMeters.SAGAS_ACTIVE, "saga", "OrderSaga")).isEqualTo(1);
  }

  private void start(Consumer<EventProcessingConfigurer> processing) {
    DefaultConfigurer configurer = (DefaultConfigurer) DefaultConfigurer.defaultConfiguration();
    configurer.configureEventStore(c -> store);
    configurer
        .eventProcessing()
        .registerTrackingEventProcessorConfiguration(
            c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(1));
    processing.accept(configurer.eventProcessing());
    axon = configurer.buildConfiguration();
    axon.start();
  }

  private ProcessingMeters meters() {
    return new ProcessingMeters(
        registry,
        axon.eventProcessingConfiguration(),
        store,
        () -> Map.of("org.sagashop.order.saga.OrderSaga", sagas.get()),
        () -> Map.of("test.order.events.dlq", 4L),
        Duration.ofSeconds(10));
  }

  private double gauge(MeterDefinition meter, String... tags) {
    return registry.get(meter.name()).tags(tags).gauge().value();
  }

  private static GenericEventMessage<Object> event(Object payload, Instant at) {
    return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, Map.of(), at);
  }
}
