package org.sagashop.platform.admin;

import org.axonframework.config.EventProcessingConfiguration;
import org.sagashop.platform.messaging.MessagingConfiguration;
import org.sagashop.platform.messaging.MessagingProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** The dead-letter endpoints every service offers its administrators. */
@AutoConfiguration(after = MessagingConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class DeadLetterConfiguration {

  @Bean
  public DeadLetters deadLetters(
      EventProcessingConfiguration processing,
      RabbitTemplate rabbitTemplate,
      MessagingProperties properties,
      @Value("${spring.application.name}") String serviceName) {
    return new DeadLetters(
        processing,
        rabbitTemplate,
        serviceName,
        properties.queueOf(serviceName),
        properties.deadLetterQueueOf(serviceName));
  }

  @Bean
  public DeadLetterController deadLetterController(DeadLetters deadLetters) {
    return new DeadLetterController(deadLetters);
  }
}
