package org.sagashop.gateway.web;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The front end is a single-page application: a browser that opens or reloads one of its pages
 * ({@code /orders/42}) must get {@code index.html}, and the page's own router takes it from there.
 * Only page navigations outside the API and the operational endpoints are rewritten, and only when
 * a built front end is installed (its files are served from {@code spring.web.resources}).
 */
public class FrontEndFallback implements WebFilter, Ordered {

  private static final List<String> NOT_PAGES =
      List.of("/api/", "/actuator", "/v3/", "/swagger-ui", "/webjars/");

  private final Resource index;

  public FrontEndFallback(ResourceLoader resources, String staticLocation) {
    String location = staticLocation.endsWith("/") ? staticLocation : staticLocation + "/";
    this.index = resources.getResource(location + "index.html");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (isPageNavigation(request) && index.exists()) {
      ServerHttpRequest toIndex = request.mutate().path("/index.html").build();
      return chain.filter(exchange.mutate().request(toIndex).build());
    }
    return chain.filter(exchange);
  }

  private static boolean isPageNavigation(ServerHttpRequest request) {
    if (!HttpMethod.GET.equals(request.getMethod())) {
      return false;
    }
    String path = request.getPath().pathWithinApplication().value();
    if (path.equals("/") || NOT_PAGES.stream().anyMatch(path::startsWith)) {
      return false;
    }
    String lastSegment = path.substring(path.lastIndexOf('/') + 1);
    return !lastSegment.contains(".")
        && request.getHeaders().getAccept().stream()
            .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
  }

  @Override
  public int getOrder() {
    // before security and routing see the address
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}
