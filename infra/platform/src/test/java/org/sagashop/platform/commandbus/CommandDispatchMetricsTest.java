package org.sagashop.platform.commandbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.distributed.CommandBusConnector;
import org.axonframework.commandhandling.distributed.SimpleMember;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sagashop.platform.metrics.PlatformMeters;
import org.sagashop.platform.security.ServiceCredentialClientConfiguration;
import org.sagashop.platform.security.ServiceCredentialProperties;

/** Every command sent through the connector is timed per target service; failures are counted. */
class CommandDispatchMetricsTest {

  private static final CommandBusClientProperties TIMEOUTS =
      new CommandBusClientProperties(Duration.ofSeconds(1), Duration.ofSeconds(2), 2);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SimpleCommandBus localSegment = SimpleCommandBus.builder().build();
  private HttpServer failingMember;
  private MemberLanes lanes;
  private CommandBusConnector connector;

  @BeforeEach
  void setUp() throws IOException {
    failingMember = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    failingMember.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    failingMember.start();
    localSegment.subscribe(Stock.class.getName(), command -> "reserved");
    CommandBusClientConfiguration configuration = new CommandBusClientConfiguration();
    lanes = configuration.commandDispatchLanes(TIMEOUTS);
    connector =
        configuration.springHttpCommandBusConnector(
            localSegment,
            new ServiceCredentialClientConfiguration()
                .commandBusRestTemplate(
                    new ServiceCredentialProperties("test-only-service-credential-0123456789abc"),
                    TIMEOUTS),
            JacksonSerializer.defaultSerializer(),
            lanes,
            registry);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    failingMember.stop(0);
    lanes.destroy();
  }

  record Stock(String productId) {}

  @Test
  void timesACommandHandledByItsTargetAsASuccess() throws Exception {
    CommandResultMessage<?> answer =
        send(new SimpleMember<>("product[local]", URI.create("http://localhost"), true, null));

    assertThat(answer.isExceptional()).isFalse();
    assertThat(
            registry
                .get(PlatformMeters.COMMAND_DISPATCH.name())
                .tags("target", "product", "command", "Stock", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.find(PlatformMeters.COMMAND_DISPATCH_FAILURES.name()).counters()).isEmpty();
    assertThat(registry.scrape())
        .as("latency is published as a histogram")
        .contains("sagashop_command_dispatch_seconds_bucket{");
  }

  @Test
  void countsACommandThatFailedAtItsTargetPerTargetAndException() throws Exception {
    URI address = URI.create("http://127.0.0.1:" + failingMember.getAddress().getPort());
    CommandResultMessage<?> answer =
        send(new SimpleMember<>("payment[" + address + "]", address, false, null));

    assertThat(answer.isExceptional()).isTrue();
    assertThat(
            registry
                .get(PlatformMeters.COMMAND_DISPATCH.name())
                .tags("target", "payment", "command", "Stock", "outcome", "failure")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(PlatformMeters.COMMAND_DISPATCH_FAILURES.name())
                .tags(
                    "target",
                    "payment",
                    "command",
                    "Stock",
                    "exception",
                    answer.exceptionResult().getClass().getSimpleName())
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  private CommandResultMessage<?> send(SimpleMember<URI> member) throws Exception {
    CompletableFuture<CommandResultMessage<?>> result = new CompletableFuture<>();
    connector.send(
        member,
        GenericCommandMessage.asCommandMessage(new Stock("p1")),
        (command, answer) -> result.complete(answer));
    return result.get(30, TimeUnit.SECONDS);
  }
}
