package org.sagashop.platform.logging;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Puts the order and the user into the logging context wherever this service handles something:
 * Axon's commands, events (every processor) and deadlines, and HTTP requests. With {@code
 * SAGASHOP_LOG_FORMAT=json} every log line is a JSON object that carries them, with the trace id
 * (see {@code PlatformDefaults}).
 */
@AutoConfiguration
public class LoggingConfiguration {

  @Bean
  public ConfigurerModule logContextOnEventHandlers() {
    return configurer ->
        configurer
            .eventProcessing()
            .registerDefaultHandlerInterceptor((axon, processor) -> new LogContext());
  }

  /** Commands and deadlines: the buses exist once Spring has made every bean. */
  @Bean
  public SmartInitializingSingleton logContextOnCommandsAndDeadlines(
      ObjectProvider<CommandBus> commandBus, ObjectProvider<DeadlineManager> deadlines) {
    return () -> {
      commandBus.ifAvailable(bus -> bus.registerHandlerInterceptor(new LogContext()));
      deadlines.ifAvailable(manager -> manager.registerHandlerInterceptor(new LogContext()));
    };
  }

  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  public FilterRegistrationBean<UserLogContextFilter> userLogContextFilter() {
    FilterRegistrationBean<UserLogContextFilter> registration =
        new FilterRegistrationBean<>(new UserLogContextFilter());
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }
}
