package org.sagashop.order.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.sagashop.order.metrics.OrderMetrics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order metrics' processor starts at the head of the event store: counted from the past, every
 * order ever placed would be counted again as it is read, as one burst of "new" orders.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

  @Bean
  public ConfigurerModule orderMetricsFromTheHead(
      @Value("${sagashop.axon.segments:2}") int segments) {
    return configurer ->
        configurer
            .eventProcessing()
            .registerTrackingEventProcessorConfiguration(
                OrderMetrics.PROCESSING_GROUP,
                c ->
                    TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                        .andInitialSegmentsCount(segments)
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
  }
}
