package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** The configured limit of 64 KB. */
class RequestSizeTest extends GatewayTestSupport {

  private static final int LIMIT = 64 * 1024;

  @Test
  void refusesABodyDeclaredLargerThanTheLimit() {
    assertTooLarge(
        client
            .post()
            .uri("/api/orders")
            .headers(headers -> headers.setBearerAuth(Tokens.user()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json(LIMIT + 1))
            .exchange());

    assertThat(noServiceWasCalled()).isTrue();
  }

  @Test
  void refusesAnOversizedBodySentWithoutLength() {
    assertTooLarge(
        client
            .post()
            .uri("/api/orders")
            .headers(headers -> headers.setBearerAuth(Tokens.user()))
            .contentType(MediaType.APPLICATION_JSON)
            .body(inChunks(json(LIMIT + 1)), DataBuffer.class)
            .exchange());

    assertThat(noServiceWasCalled()).isTrue();
  }

  @Test
  void forwardsABodySentWithoutLengthWhole() {
    String body = json(LIMIT);

    client
        .post()
        .uri("/api/orders")
        .headers(headers -> headers.setBearerAuth(Tokens.user()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(inChunks(body), DataBuffer.class)
        .exchange()
        .expectStatus()
        .isOk();

    assertThat(service("order").receivedBodies()).containsExactly(body);
  }

  /** Outside the API too: the key set, the API documentation, the front end. */
  @Test
  void refusesAnOversizedBodyOnEveryRoute() {
    for (String path : new String[] {"/.well-known/jwks.json", "/v3/api-docs/user", "/", "/x"}) {
      assertTooLarge(
          client
              .method(HttpMethod.GET)
              .uri(path)
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(json(LIMIT + 1))
              .exchange());
      assertTooLarge(
          client
              .post()
              .uri(path)
              .contentType(MediaType.APPLICATION_JSON)
              .body(inChunks(json(LIMIT + 1)), DataBuffer.class)
              .exchange());
    }

    assertThat(noServiceWasCalled()).isTrue();
  }

  /** A JSON document of exactly {@code size} bytes. */
  private static String json(int size) {
    String start = "{\"note\":\"";
    String end = "\"}";
    return start + "x".repeat(size - start.length() - end.length()) + end;
  }

  /** Several buffers, so the client streams the body chunked instead of declaring its length. */
  private static Flux<DataBuffer> inChunks(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    int chunk = 8 * 1024;
    return Flux.range(0, (bytes.length + chunk - 1) / chunk)
        .map(
            i ->
                DefaultDataBufferFactory.sharedInstance.wrap(
                    java.util.Arrays.copyOfRange(
                        bytes, i * chunk, Math.min(bytes.length, (i + 1) * chunk))));
  }

  private static void assertTooLarge(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("The request body is larger than the 65536 bytes the API accepts.");
  }
}
