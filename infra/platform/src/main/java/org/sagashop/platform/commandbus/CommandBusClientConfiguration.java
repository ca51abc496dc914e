package org.sagashop.platform.commandbus;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.distributed.CommandBusConnector;
import org.axonframework.extensions.springcloud.autoconfig.SpringCloudAutoConfiguration;
import org.axonframework.extensions.springcloud.commandhandling.SpringHttpCommandBusConnector;
import org.axonframework.serialization.Serializer;
import org.sagashop.platform.security.ServiceCredentialClientConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestTemplate;

/**
 * The distributed command bus's way out of a service. Axon's connector, left to itself, sends a
 * command on the caller's thread with a client that has no time limit: a saga's event processor
 * would wait, inside its transaction and holding its database connection, for as long as a member
 * that hangs (rather than refusing connections) takes, and with it every order of its segment. Here
 * a command is handed to the dispatch threads of its member's own lane and the caller goes on at
 * once, and a hung member holds only its own lane; the HTTP call has a connect and a read timeout
 * (see {@link ServiceCredentialClientConfiguration}), after which the command fails like one sent
 * to a member that is down.
 */
@AutoConfiguration(
    before = SpringCloudAutoConfiguration.class,
    after = ServiceCredentialClientConfiguration.class)
@ConditionalOnClass(SpringHttpCommandBusConnector.class)
@ConditionalOnProperty("axon.distributed.enabled")
@EnableConfigurationProperties(CommandBusClientProperties.class)
public class CommandBusClientConfiguration {

  /** Finishes the commands in flight when the service stops, within the drain time. */
  @Bean
  public MemberLanes commandDispatchLanes(CommandBusClientProperties properties) {
    return new MemberLanes(
        properties.dispatchThreads(), properties.readTimeout().plus(properties.connectTimeout()));
  }

  @Bean
  public CommandBusConnector springHttpCommandBusConnector(
      @Qualifier("localSegment") CommandBus localSegment,
      RestTemplate commandBusRestTemplate,
      @Qualifier("messageSerializer") Serializer serializer,
      MemberLanes commandDispatchLanes) {
    return new LaneDispatchingCommandBusConnector(
        SpringHttpCommandBusConnector.builder()
            .localCommandBus(localSegment)
            .restOperations(commandBusRestTemplate)
            .serializer(serializer),
        commandDispatchLanes);
  }
}
