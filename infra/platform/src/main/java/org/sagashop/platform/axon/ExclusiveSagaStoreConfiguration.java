package org.sagashop.platform.axon;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.JpaAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * One saga, one instance at a time, across instances too ({@link ExclusiveJpaSagaStore}). Its own
 * auto-configuration, placed just before Axon's JPA one so that Axon's saga store steps aside,
 * while {@link AxonPlatformConfiguration} keeps its own place: the order in which it and Axon's JPA
 * configuration register their dead-letter queue providers decides which one wins.
 */
@AutoConfiguration(before = JpaAutoConfiguration.class)
public class ExclusiveSagaStoreConfiguration {

  @Bean
  public JpaSagaStore sagaStore(
      Serializer serializer, EntityManagerProvider entityManagerProvider) {
    return new ExclusiveJpaSagaStore(
        JpaSagaStore.builder().serializer(serializer), entityManagerProvider);
  }
}
