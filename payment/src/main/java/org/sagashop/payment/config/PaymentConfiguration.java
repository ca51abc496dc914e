package org.sagashop.payment.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.sagashop.coreapi.ErrorCode;
import org.sagashop.payment.command.AccountOpener;
import org.sagashop.payment.command.PaymentPolicy;
import org.sagashop.platform.web.UnknownAggregateInterceptor;
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

  @Bean
  public AccountOpener accountOpener(CommandGateway commandGateway, PaymentProperties properties) {
    return new AccountOpener(commandGateway, properties.startingBalance());
  }

  /** The account is this service's only aggregate: a command for a missing one is refused so. */
  @Bean
  public UnknownAggregateInterceptor unknownAccountInterceptor() {
    return unknownAccount();
  }

  public static UnknownAggregateInterceptor unknownAccount() {
    return new UnknownAggregateInterceptor(
        ErrorCode.ACCOUNT_NOT_FOUND,
        accountId -> "There is no payment account for user " + accountId);
  }
}
