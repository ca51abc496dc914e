package org.sagashop.order.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.quartz.QuartzDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.quartz.Scheduler;
import org.springframework.context.annotation.Bean;

/**
 * The order saga's deadlines live in Quartz's JDBC job store, in this service's own database, so a
 * restart does not lose them and, with the scheduler clustered, any instance fires them. The job
 * store joins the saga's transaction: a deadline is scheduled or cancelled exactly when the saga's
 * new state commits.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class DeadlineConfiguration {

  @Bean
  public DeadlineManager deadlineManager(
      Scheduler scheduler,
      Configuration axonConfiguration,
      TransactionManager transactionManager,
      Serializer serializer) {
    return QuartzDeadlineManager.builder()
        .scheduler(scheduler)
        .scopeAwareProvider(new ConfigurationScopeAwareProvider(axonConfiguration))
        .transactionManager(transactionManager)
        .serializer(serializer)
        .build();
  }
}
