package org.sagashop.payment.config;

import org.sagashop.payment.command.PaymentPolicy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(PaymentProperties.class)
public class PaymentConfiguration {

  /** Axon hands this bean to the account's command handlers as a parameter. */
  @Bean
  public PaymentPolicy paymentPolicy(PaymentProperties properties) {
    return new PaymentPolicy(properties.orderLimit());
  }
}
