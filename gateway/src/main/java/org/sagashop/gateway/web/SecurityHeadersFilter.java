package org.sagashop.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers on everything the gateway answers, and a Content-Security-Policy that lets a
 * page run only the front end's own files: an injected script, an inline handler, a plug-in, a
 * foreign form target or a page that frames the shop has nothing to run with. The front end needs
 * nothing else (no inline script or style, no other origin; the API and its update streams are on
 * the same origin). The Swagger UI sets inline styles and data: images, so its pages get a policy
 * that allows those, and nothing more. API answers are data, never a page: their policy allows
 * nothing at all. A header a service already set is left as it is.
 */
@Component
public class SecurityHeadersFilter implements WebFilter, Ordered {

  static final String FRONT_END_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  static final String API_DOCUMENTATION_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    String policy = policyFor(path);
    ServerHttpResponse response = exchange.getResponse();
    response.beforeCommit(
        () -> {
          HttpHeaders headers = response.getHeaders();
          setIfAbsent(headers, "Content-Security-Policy", policy);
          setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
          setIfAbsent(headers, "X-Frame-Options", "DENY");
          setIfAbsent(headers, "Referrer-Policy", "no-referrer");
          setIfAbsent(headers, "Cross-Origin-Opener-Policy", "same-origin");
          setIfAbsent(headers, "Cross-Origin-Resource-Policy", "same-origin");
          setIfAbsent(
              headers,
              "Permissions-Policy",
              "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
          return Mono.empty();
        });
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  private static String policyFor(String path) {
    if (path.startsWith("/api/")
        || path.startsWith("/actuator")
        || path.startsWith("/.well-known/")) {
      return API_POLICY;
    }
    if (path.startsWith("/swagger-ui")
        || path.startsWith("/webjars/")
        || path.startsWith("/v3/api-docs")) {
      return API_DOCUMENTATION_POLICY;
    }
    return FRONT_END_POLICY;
  }

  private static void setIfAbsent(HttpHeaders headers, String name, String value) {
    if (!headers.containsKey(name)) {
      headers.set(name, value);
    }
  }
}
