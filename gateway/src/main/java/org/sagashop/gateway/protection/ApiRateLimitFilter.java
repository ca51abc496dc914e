package org.sagashop.gateway.protection;

import org.sagashop.gateway.protection.ProtectionProperties.RateLimits;
import org.sagashop.gateway.web.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits the request rate of each signed-in user and, for requests without a token, of each client
 * address, on every route the gateway serves: the API, the key set, the API documentation, the
 * front end's files and the gateway's own health. It runs after the security chain, which has
 * already checked the token, so a user is known by the token's subject; requests the security chain
 * refuses cost the services nothing and are not counted.
 */
@Component
class ApiRateLimitFilter implements WebFilter, Ordered {

  /** After Spring Security's chain (order -100), before the request body is read. */
  static final int ORDER = 0;

  private final TokenBuckets buckets;
  private final RateLimits limits;
  private final ProblemResponses problems;

  ApiRateLimitFilter(
      TokenBuckets buckets, ProtectionProperties properties, ProblemResponses problems) {
    this.buckets = buckets;
    this.limits = properties.rateLimit();
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return exchange
        .getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .flatMap(user -> buckets.take("user:" + user.getName(), limits.user()))
        .switchIfEmpty(
            Mono.defer(
                () ->
                    buckets.take(
                        "address:" + ClientAddress.of(exchange.getRequest()), limits.anonymous())))
        .flatMap(
            decision ->
                decision.allowed()
                    ? chain.filter(exchange)
                    : TooManyRequests.write(
                        problems,
                        exchange,
                        decision.retryAfterSeconds(),
                        "Too many requests in a short time."));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
