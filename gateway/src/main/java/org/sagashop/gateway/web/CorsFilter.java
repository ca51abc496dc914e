package org.sagashop.gateway.web;

import java.time.Duration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Cross-origin access to the API for the configured front-end origins only. It runs before the
 * security chain, because a browser's preflight request carries no access token, and it answers a
 * refused origin with a problem detail like every other refusal.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorsFilter implements WebFilter {

  private final UrlBasedCorsConfigurationSource configurations =
      new UrlBasedCorsConfigurationSource();
  private final CorsProcessor processor = new DefaultCorsProcessor();
  private final ProblemResponses problems;

  public CorsFilter(CorsProperties properties, ProblemResponses problems) {
    this.problems = problems;
    CorsConfiguration api = new CorsConfiguration();
    api.setAllowedOrigins(properties.allowedOrigins());
    api.setAllowedMethods(
        List.of(HttpMethod.GET.name(), HttpMethod.POST.name(), HttpMethod.OPTIONS.name()));
    api.setAllowedHeaders(
        List.of(
            HttpHeaders.AUTHORIZATION,
            HttpHeaders.CONTENT_TYPE,
            "Idempotency-Key",
            "Last-Event-ID"));
    api.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER));
    api.setMaxAge(Duration.ofHours(1));
    configurations.registerCorsConfiguration("/api/**", api);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
      return chain.filter(exchange);
    }
    CorsConfiguration configuration = configurations.getCorsConfiguration(exchange);
    if (configuration == null) {
      return chain.filter(exchange);
    }
    if (!processor.process(configuration, exchange)) {
      return problems.write(
          exchange,
          HttpStatus.FORBIDDEN,
          "This cross-origin request is not allowed: the origin, method or headers are not accepted by the API.");
    }
    return CorsUtils.isPreFlightRequest(exchange.getRequest())
        ? exchange.getResponse().setComplete()
        : chain.filter(exchange);
  }
}
