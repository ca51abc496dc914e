package org.sagashop.platform.security;

import org.axonframework.extensions.springcloud.autoconfig.SpringCloudAutoConfiguration;
import org.axonframework.extensions.springcloud.commandhandling.SpringHttpCommandBusConnector;
import org.sagashop.platform.commandbus.CommandBusClientProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/**
 * The distributed command bus sends commands and asks for member capabilities through the one
 * {@link RestTemplate} bean it finds (it creates a bare one only when there is none). This one
 * presents the service credential on every call, so the receiving member's internal endpoints let
 * it in, and gives up on a member that does not connect or answer within the command bus's timeouts
 * ({@link CommandBusClientProperties}): the bare client would wait for ever.
 */
@AutoConfiguration(before = SpringCloudAutoConfiguration.class)
@ConditionalOnClass(SpringHttpCommandBusConnector.class)
@ConditionalOnProperty("axon.distributed.enabled")
@EnableConfigurationProperties({
  ServiceCredentialProperties.class,
  CommandBusClientProperties.class
})
public class ServiceCredentialClientConfiguration {

  @Bean
  public RestTemplate commandBusRestTemplate(
      ServiceCredentialProperties credential, CommandBusClientProperties timeouts) {
    if (credential.serviceCredential() == null) {
      throw new IllegalStateException(
          "sagashop.security.service-credential must be set: the distributed command bus presents"
              + " it to every member it calls (set SAGASHOP_SERVICE_CREDENTIAL)");
    }
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(timeouts.connectTimeout());
    requests.setReadTimeout(timeouts.readTimeout());
    RestTemplate restTemplate = new RestTemplate(requests);
    restTemplate.getInterceptors().add(presenting(credential));
    return restTemplate;
  }

  static ClientHttpRequestInterceptor presenting(ServiceCredentialProperties credential) {
    return (request, body, execution) -> {
      request.getHeaders().set(ServiceCredentialProperties.HEADER, credential.serviceCredential());
      return execution.execute(request, body);
    };
  }
}
