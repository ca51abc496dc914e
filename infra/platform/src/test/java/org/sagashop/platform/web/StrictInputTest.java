package org.sagashop.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sagashop.platform.test.TestTokens;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestTemplate;

/**
 * How every service reads a request body: the platform's settings on a real server, with a stand-in
 * endpoint whose body has text in a field, in a list and in a map.
 */
@SpringBootTest(
    classes = StrictInputTest.Service.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {TestTokens.JWK_SET_PROPERTY, "spring.cloud.config.enabled=false"})
class StrictInputTest {

  @LocalServerPort int port;

  private final RestTemplate client = new RestTemplate();

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {
        "0000", "0001", "0009", "000A", "000D", "001B", "001F", "007F", "0085", "009F", "202A",
        "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069"
      })
  void refusesControlCharactersInAnyTextField(String codePoint) {
    String control = "\\u" + codePoint;

    for (String body :
        List.of(
            "{\"name\": \"Bea" + control + "\", \"tags\": [], \"notes\": {}}",
            "{\"name\": \"Bea\", \"tags\": [\"a" + control + "\"], \"notes\": {}}",
            "{\"name\": \"Bea\", \"tags\": [], \"notes\": {\"k\": \"" + control + "\"}}")) {
      ResponseEntity<String> response = post(body);

      assertThat(response.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(response.getHeaders().getContentType())
          .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(response.getBody()).contains("control character");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\": \"Bea\", \"name\": \"Eve\", \"tags\": [], \"notes\": {}}",
        "{\"name\": \"Bea\", \"tags\": [], \"notes\": {\"k\": \"1\", \"k\": \"2\"}}"
      })
  void refusesDuplicateKeys(String body) {
    ResponseEntity<String> response = post(body);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bea Buyer", "Zoë Ångström", "名前", "emoji \uD83D\uDE00", "a\u200Db"})
  void acceptsOrdinaryText(String name) {
    ResponseEntity<String> response =
        post("{\"name\": \"" + name + "\", \"tags\": [\"x\"], \"notes\": {\"k\": \"v\"}}");

    assertThat(response.getStatusCode()).as(name).isEqualTo(HttpStatus.OK);
  }

  private ResponseEntity<String> post(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    try {
      return client.exchange(
          "http://localhost:" + port + "/echo",
          HttpMethod.POST,
          new HttpEntity<>(body, headers),
          String.class);
    } catch (HttpStatusCodeException e) {
      return ResponseEntity.status(e.getStatusCode())
          .headers(e.getResponseHeaders())
          .body(e.getResponseBodyAsString());
    }
  }

  record Echo(String name, List<String> tags, Map<String, String> notes) {}

  @SpringBootConfiguration
  @ImportAutoConfiguration({
    ServletWebServerFactoryAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    StrictInputConfiguration.class
  })
  @Import(ApiExceptionHandler.class)
  static class Service {

    @RestController
    static class EchoController {

      @PostMapping("/echo")
      Echo echo(@RequestBody Echo echo) {
        return echo;
      }
    }
  }
}
