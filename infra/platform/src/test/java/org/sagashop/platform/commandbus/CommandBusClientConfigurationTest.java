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

/**
 * A member that hangs: it accepts the command's request and never answers. A second member answers
 * at once.
 */
class CommandBusClientConfigurationTest {

  private static final CommandBusClientProperties TIMEOUTS =
      new CommandBusClientProperties(Duration.ofSeconds(1), Duration.ofMillis(500), 2);

  private final CountDownLatch received = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService memberThreads = Executors.newCachedThreadPool();
  private final CountDownLatch healthyReceived = new CountDownLatch(1);
  private HttpServer hungMember;
  private HttpServer healthyMember;
  private MemberLanes lanes;
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
    healthyMember = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    healthyMember.createContext(
        "/",
        exchange -> {
          healthyReceived.countDown();
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    healthyMember.setExecutor(memberThreads);
    healthyMember.start();
    connectWith(TIMEOUTS);
  }

  private void connectWith(CommandBusClientProperties properties) {
    CommandBusClientConfiguration configuration = new CommandBusClientConfiguration();
    lanes = configuration.commandDispatchLanes(properties);
    connector =
        configuration.springHttpCommandBusConnector(
            SimpleCommandBus.builder().build(),
            new ServiceCredentialClientConfiguration()
                .commandBusRestTemplate(
                    new ServiceCredentialProperties("test-only-service-credential-0123456789abc"),
                    properties),
            JacksonSerializer.defaultSerializer(),
            lanes);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    release.countDown();
    hungMember.stop(0);
    healthyMember.stop(0);
    memberThreads.shutdownNow();
    lanes.destroy();
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

  @Test
  void aMemberThatHangsDoesNotHoldTheCommandsToAnotherMember() throws Exception {
    // a read timeout far beyond the wait below: the hung member holds every thread it is given
    connectWith(new CommandBusClientProperties(Duration.ofSeconds(1), Duration.ofSeconds(60), 2));
    for (int i = 0; i < 4; i++) {
      connector.send(
          member(), GenericCommandMessage.asCommandMessage("reserve stock " + i), (c, a) -> {});
    }
    assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();

    connector.send(
        member("payment", healthyMember),
        GenericCommandMessage.asCommandMessage("request payment"),
        (c, a) -> {});

    assertThat(healthyReceived.await(10, TimeUnit.SECONDS))
        .as("the other member got its command while the hung one held its lane")
        .isTrue();
  }

  private SimpleMember<URI> member() {
    return member("product", hungMember);
  }

  private static SimpleMember<URI> member(String name, HttpServer server) {
    return new SimpleMember<>(
        name + "[http://127.0.0.1:" + server.getAddress().getPort() + "]",
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        false,
        null);
  }
}
