package org.sagashop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class FrontEndTest extends GatewayTestSupport {

  private static final Path WEB_ROOT = builtFrontEnd();

  @DynamicPropertySource
  static void webRoot(DynamicPropertyRegistry registry) {
    registry.add("spring.web.resources.static-locations", () -> WEB_ROOT.toUri().toString());
  }

  @Test
  void servesTheFrontEndAtTheRootAndItsAssets() {
    assertThat(page("/")).contains("shop-root");
    client
        .get()
        .uri("/assets/app.js")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("console.log('shop');");
  }

  @Test
  void servesPagesWithSecurityHeadersAndAContentSecurityPolicy() {
    for (String path : new String[] {"/", "/wallet", "/assets/app.js"}) {
      client
          .get()
          .uri(path)
          .accept(MediaType.TEXT_HTML)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .value(
              "Content-Security-Policy",
              policy ->
                  assertThat(policy)
                      .contains(
                          "default-src 'self'",
                          "script-src 'self'",
                          "object-src 'none'",
                          "base-uri 'none'",
                          "frame-ancestors 'none'",
                          "form-action 'self'")
                      .doesNotContain("unsafe-inline", "unsafe-eval", "*"))
          .expectHeader()
          .valueEquals("X-Content-Type-Options", "nosniff")
          .expectHeader()
          .valueEquals("X-Frame-Options", "DENY")
          .expectHeader()
          .valueEquals("Referrer-Policy", "no-referrer")
          .expectHeader()
          .valueEquals("Cross-Origin-Opener-Policy", "same-origin")
          .expectHeader()
          .exists("Permissions-Policy");
    }
  }

  @Test
  void answersAReloadOfAClientSidePageWithTheApplication() {
    assertThat(page("/orders/3f1c2b7a-1d2e-4c5b-8a9f-0e1d2c3b4a59")).contains("shop-root");
    assertThat(page("/wallet")).contains("shop-root");
  }

  @Test
  void leavesTheApiAndMissingFilesAlone() {
    client
        .get()
        .uri("/api/nothing-here")
        .accept(MediaType.TEXT_HTML)
        .headers(headers -> headers.setBearerAuth(Tokens.user()))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    client
        .get()
        .uri("/assets/missing.js")
        .accept(MediaType.TEXT_HTML)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  private String page(String path) {
    return client
        .get()
        .uri(path)
        .accept(MediaType.TEXT_HTML)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  private static Path builtFrontEnd() {
    try {
      Path root = Files.createTempDirectory("sagashop-web");
      Files.createDirectories(root.resolve("assets"));
      Files.writeString(
          root.resolve("index.html"),
          "<!doctype html><html><body><div id=\"shop-root\"></div></body></html>");
      Files.writeString(root.resolve("assets/app.js"), "console.log('shop');");
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
