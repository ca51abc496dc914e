package org.sagashop.order.config;

import org.axonframework.config.ConfigurerModule;
import org.sagashop.platform.axon.AxonPlatformConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order saga's processor takes up to {@code sagashop.axon.batch-size} waiting events a
 * transaction (sagas have no dead-letter queue: a failed batch is handled again as a whole).
 */
@Configuration(proxyBeanMethods = false)
public class SagaProcessingConfiguration {

  static final String SAGA_PROCESSOR = "OrderSagaProcessor";

  @Bean
  public ConfigurerModule batchedSagaProcessor(
      @Value("${sagashop.axon.segments:2}") int segments,
      @Value("${sagashop.axon.batch-size:16}") int batchSize) {
    return AxonPlatformConfiguration.batchedProcessor(SAGA_PROCESSOR, segments, batchSize);
  }
}
