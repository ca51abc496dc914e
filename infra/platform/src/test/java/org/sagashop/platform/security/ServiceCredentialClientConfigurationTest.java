package org.sagashop.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import org.axonframework.extensions.springcloud.autoconfig.SpringCloudAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestTemplate;

class ServiceCredentialClientConfigurationTest {

  private static final String CREDENTIAL = "test-only-service-credential-0123456789abcdef";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ServiceCredentialClientConfiguration.class));

  @Test
  void commandBusCallsPresentTheServiceCredential() {
    runner
        .withPropertyValues(
            "axon.distributed.enabled=true", "sagashop.security.service-credential=" + CREDENTIAL)
        .run(
            context -> {
              RestTemplate restTemplate = context.getBean(RestTemplate.class);
              MockRestServiceServer member = MockRestServiceServer.bindTo(restTemplate).build();
              member
                  .expect(requestTo("http://member/member-capabilities"))
                  .andExpect(header(ServiceCredentialProperties.HEADER, CREDENTIAL))
                  .andRespond(withSuccess());

              restTemplate.getForEntity("http://member/member-capabilities", String.class);

              member.verify();
            });
  }

  @Test
  void replacesTheBareClientTheCommandBusWouldCreate() {
    runner
        .withConfiguration(AutoConfigurations.of(SpringCloudAutoConfiguration.class))
        // only the bean definitions matter: the command bus itself needs a whole Axon set-up
        .withInitializer(
            context ->
                context.addBeanFactoryPostProcessor(
                    new LazyInitializationBeanFactoryPostProcessor()))
        .withPropertyValues(
            "axon.distributed.enabled=true", "sagashop.security.service-credential=" + CREDENTIAL)
        .run(
            context ->
                assertThat(context.getBeanNamesForType(RestTemplate.class))
                    .containsExactly("commandBusRestTemplate"));
  }

  @Test
  void refusesToStartTheCommandBusWithoutACredential() {
    runner
        .withPropertyValues("axon.distributed.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("SAGASHOP_SERVICE_CREDENTIAL"));
  }

  @Test
  void refusesACredentialShorterThan32Bytes() {
    runner
        .withPropertyValues(
            "axon.distributed.enabled=true", "sagashop.security.service-credential=too-short")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("at least 32 bytes"));
  }

  @Test
  void staysOutOfTheWayWithoutTheDistributedCommandBus() {
    runner
        .withPropertyValues(
            "axon.distributed.enabled=false", "sagashop.security.service-credential=" + CREDENTIAL)
        .run(context -> assertThat(context).doesNotHaveBean(RestTemplate.class));
  }
}
