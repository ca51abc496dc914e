package org.sagashop.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sagashop.coreapi.order.event.OrderCancelledEvent;
import org.sagashop.platform.PlatformDefaults;
import org.sagashop.platform.axon.ActingUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A Spring Boot application started with {@code SAGASHOP_LOG_FORMAT=json} (its relaxed property
 * {@code sagashop.log.format}) writes JSON lines carrying the trace id and, while an Axon message
 * is handled, the order and the user it concerns.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {

  private static final Logger log = LoggerFactory.getLogger(JsonLogsTest.class);

  @Configuration(proxyBeanMethods = false)
  static class Empty {}

  /**
   * Spring Boot hands the format to Logback as a system property, which outlives the application in
   * this JVM (a service has one application per JVM); the tests after this one must not inherit it.
   */
  @BeforeEach
  @AfterEach
  void forgetTheFormat() {
    System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
  }

  @Test
  void writesJsonLinesWithTraceOrderAndUserWhenAskedTo(CapturedOutput output) {
    try (ConfigurableApplicationContext ignored = start("json")) {
      GenericEventMessage<OrderCancelledEvent> event =
          new GenericEventMessage<>(
              new OrderCancelledEvent("order-7", "buyer-7", "Only 1 left"),
              Map.of(ActingUser.USER_ID, "user-3"));
      MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
      try {
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        unitOfWork.executeWithResult(
            () ->
                new DefaultInterceptorChain<>(
                        unitOfWork,
                        List.of(new LogContext()),
                        message -> {
                          log.info("cancelling order");
                          return null;
                        })
                    .proceed());
      } finally {
        MDC.remove("traceId");
      }
    }

    JsonNode line =
        output
            .getOut()
            .lines()
            .filter(text -> text.contains("cancelling order"))
            .map(JsonLogsTest::json)
            .findFirst()
            .orElseThrow();
    assertThat(line.path("message").asText()).isEqualTo("cancelling order");
    assertThat(line.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.path("orderId").asText()).isEqualTo("order-7");
    assertThat(line.path("userId").asText()).isEqualTo("user-3");
  }

  @Test
  void writesPlainTextUnlessAsked(CapturedOutput output) {
    try (ConfigurableApplicationContext ignored = start("")) {
      log.info("a plain line");
    }

    assertThat(output.getOut().lines().filter(text -> text.contains("a plain line")))
        .singleElement()
        .satisfies(text -> assertThat(text).doesNotStartWith("{"));
  }

  @Test
  void readsTheFormatFromTheEnvironmentVariable() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SAGASHOP_LOG_FORMAT", "json")));

    new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
  }

  private static ConfigurableApplicationContext start(String format) {
    return new SpringApplicationBuilder(Empty.class)
        .web(WebApplicationType.NONE)
        .properties(
            "sagashop.log.format=" + format,
            "spring.main.banner-mode=off",
            "spring.cloud.config.enabled=false",
            "spring.application.name=logging-test")
        .run();
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + text, e);
    }
  }
}
