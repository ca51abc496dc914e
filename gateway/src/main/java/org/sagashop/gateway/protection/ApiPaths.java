package org.sagashop.gateway.protection;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The public API, the part of the gateway the limits apply to. */
final class ApiPaths {

  private static final PathPattern API = PathPatternParser.defaultInstance.parse("/api/**");

  private ApiPaths() {}

  static boolean isApi(ServerHttpRequest request) {
    return API.matches(request.getPath().pathWithinApplication());
  }
}
