package org.sagashop.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.sagashop.platform.test.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestTemplate;

/**
 * The platform's security rules on a real server. The endpoints are stand-ins at the addresses the
 * command bus and actuator use: the rules are by path, so what answers behind them does not matter,
 * only whether a request gets through.
 */
@SpringBootTest(
    classes = ServiceEndpointSecurityTest.Service.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      TestTokens.JWK_SET_PROPERTY,
      "sagashop.security.service-credential=" + ServiceEndpointSecurityTest.CREDENTIAL,
      "axon.distributed.enabled=true",
      "spring.cloud.config.enabled=false"
    })
class ServiceEndpointSecurityTest {

  static final String CREDENTIAL = "test-only-service-credential-0123456789abcdef";

  @LocalServerPort int port;

  /** The one the distributed command bus uses to call other members. */
  @Autowired RestTemplate commandBusRestTemplate;

  private final RestTemplate anonymous = new RestTemplate();

  @Test
  void commandBusClientPresentsTheCredentialAndGetsThrough() {
    ResponseEntity<String> capabilities =
        commandBusRestTemplate.getForEntity(url("/member-capabilities"), String.class);
    ResponseEntity<String> command =
        commandBusRestTemplate.postForEntity(
            url("/spring-command-bus-connector/command"), json("{}"), String.class);

    assertThat(capabilities.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(capabilities.getBody()).isEqualTo("capabilities");
    assertThat(command.getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void refusesInternalEndpointsWithoutTheCredential() {
    assertThat(status(HttpMethod.GET, "/member-capabilities", new HttpHeaders()))
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(status(HttpMethod.POST, "/spring-command-bus-connector/command", new HttpHeaders()))
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void refusesInternalEndpointsWithAWrongCredential() {
    HttpHeaders wrong = new HttpHeaders();
    wrong.set(ServiceCredentialProperties.HEADER, CREDENTIAL.substring(1) + "x");

    assertThat(status(HttpMethod.GET, "/member-capabilities", wrong))
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(status(HttpMethod.POST, "/spring-command-bus-connector/command", wrong))
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void refusesInternalEndpointsToAnAdministratorsToken() {
    assertThat(
            status(
                HttpMethod.POST,
                "/spring-command-bus-connector/command",
                bearer(TestTokens.admin(UUID.randomUUID().toString()))))
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void answersTheRightCredentialSentByHand() {
    HttpHeaders right = new HttpHeaders();
    right.set(ServiceCredentialProperties.HEADER, CREDENTIAL);

    assertThat(status(HttpMethod.GET, "/member-capabilities", right)).isEqualTo(HttpStatus.OK);
  }

  @Test
  void refusalIsAProblemDetail() {
    try {
      anonymous.getForEntity(url("/member-capabilities"), String.class);
    } catch (HttpStatusCodeException e) {
      assertThat(e.getResponseHeaders().getContentType())
          .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(e.getResponseBodyAsString()).contains(ServiceCredentialProperties.HEADER);
      return;
    }
    throw new AssertionError("the request without a credential was let through");
  }

  @Test
  void healthAndInfoStayOpen() {
    assertThat(status(HttpMethod.GET, "/actuator/health/liveness", new HttpHeaders()))
        .isEqualTo(HttpStatus.OK);
    assertThat(status(HttpMethod.GET, "/actuator/info", new HttpHeaders()))
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void metricsNeedAnAdministrator() {
    HttpHeaders user = bearer(TestTokens.user(UUID.randomUUID().toString()));
    HttpHeaders admin = bearer(TestTokens.admin(UUID.randomUUID().toString()));
    for (String path : new String[] {"/actuator/metrics", "/actuator/prometheus"}) {
      assertThat(status(HttpMethod.GET, path, new HttpHeaders()))
          .as(path)
          .isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(status(HttpMethod.GET, path, user)).as(path).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(status(HttpMethod.GET, path, admin)).as(path).isEqualTo(HttpStatus.OK);
    }
    assertThat(status(HttpMethod.GET, "/actuator/metrics/jvm.memory.used", user))
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void serviceCredentialIsNoAdministratorToken() {
    HttpHeaders service = new HttpHeaders();
    service.set(ServiceCredentialProperties.HEADER, CREDENTIAL);

    assertThat(status(HttpMethod.GET, "/actuator/prometheus", service))
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private HttpStatus status(HttpMethod method, String path, HttpHeaders headers) {
    headers.setContentType(MediaType.APPLICATION_JSON);
    try {
      return HttpStatus.valueOf(
          anonymous
              .exchange(url(path), method, new HttpEntity<>("{}", headers), String.class)
              .getStatusCode()
              .value());
    } catch (HttpStatusCodeException e) {
      return HttpStatus.valueOf(e.getStatusCode().value());
    }
  }

  private static HttpHeaders bearer(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    return headers;
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  @SpringBootConfiguration
  @ImportAutoConfiguration({
    ServletWebServerFactoryAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    SecurityConfiguration.class,
    SecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class,
    ServiceCredentialClientConfiguration.class
  })
  static class Service {

    @RestController
    static class StandIns {

      @GetMapping("/member-capabilities")
      String capabilities() {
        return "capabilities";
      }

      /** Like Axon's connector, the reply comes later: Spring MVC sends it by an async dispatch. */
      @PostMapping("/spring-command-bus-connector/command")
      CompletableFuture<String> command() {
        return CompletableFuture.supplyAsync(() -> "{}");
      }

      @GetMapping({
        "/actuator/health/liveness",
        "/actuator/info",
        "/actuator/metrics",
        "/actuator/metrics/{name}",
        "/actuator/prometheus"
      })
      String actuator() {
        return "{}";
      }
    }
  }
}
