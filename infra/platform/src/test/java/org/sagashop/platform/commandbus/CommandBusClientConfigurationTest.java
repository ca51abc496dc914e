package org.sagashop.platform.commandbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.sagashop.platform.security.ServiceCredentialClientConfiguration;
import org.sagashop.platform.security.ServiceCredentialProperties;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** A member that hangs: it accepts the command's request and never answers. */
class CommandBusClientConfigurationTest {

  private static final CommandBusClientProperties TIMEOUTS =
      new CommandBusClientProperties(Duration.ofSeconds(1), Duration.ofMillis(500), 2);

  private final CountDownLatch received = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService memberThreads = Executors.newCachedThreadPool();
  private HttpServer hungMember;
  private ThreadPoolTaskExecutor dispatchThreads;
  private CommandBusConnector connector;

  @BeforeEach
  void setUp() throws IOException {
    hungMember = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hungMember.createContext(
        "/",
        exchange -> {
          received.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    hungMember.setExecutor(memberThreads);
    hungMember.start();

    CommandBusClientConfiguration configuration = new CommandBusClientConfiguration();
    dispatchThreads = configuration.commandDispatchExecutor(TIMEOUTS);
    dispatchThreads.initialize();
    connector =
        configuration.springHttpCommandBusConnector(
            SimpleCommandBus.builder().build(),
            new ServiceCredentialClientConfiguration()
                .commandBusRestTemplate(
                    new ServiceCredentialProperties("test-only-service-credential-0123456789abc"),
                    TIMEOUTS),
            JacksonSerializer.defaultSerializer(),
            dispatchThreads);
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    hungMember.stop(0);
    memberThreads.shutdownNow();
    dispatchThreads.shutdown();
  }

  @Test
  void sendingToAMemberThatHangsDoesNotHoldTheSender() throws Exception {
    CompletableFuture<CommandResultMessage<?>> result = new CompletableFuture<>();

    connector.send(
        member(),
        GenericCommandMessage.asCommandMessage("reserve stock"),
        (command, answer) -> result.complete(answer));

    // the sender is free again while the member still holds the request
    assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(result).isNotDone();
  }

  @Test
  void givesUpOnAMemberThatDoesNotAnswerWithinTheReadTimeout() throws Exception {
    CompletableFuture<CommandResultMessage<?>> result = new CompletableFuture<>();

    connector.send(
        member(),
        GenericCommandMessage.asCommandMessage("reserve stock"),
        (command, answer) -> result.complete(answer));

    CommandResultMessage<?> answer = result.get(30, TimeUnit.SECONDS);
    assertThat(answer.isExceptional()).isTrue();
    assertThat(release.getCount()).as("the member never answered").isEqualTo(1);
  }

  private SimpleMember<URI> member() {
    return new SimpleMember<>(
        "product",
        URI.create("http://127.0.0.1:" + hungMember.getAddress().getPort()),
        false,
        null);
  }
}
