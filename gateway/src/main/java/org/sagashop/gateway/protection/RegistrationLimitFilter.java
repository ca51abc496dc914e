package org.sagashop.gateway.protection;

import java.util.List;
import org.sagashop.gateway.protection.ProtectionProperties.RegistrationLimit;
import org.sagashop.gateway.web.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits registrations per client address within a fixed window ({@link RegistrationLimit}). Every
 * attempt counts, whatever the user service answers: a registration costs a password hash and opens
 * a wallet with a starting balance, and "this username is taken" tells that an account exists, so
 * checking names in bulk is as slow as registering in bulk.
 */
@Component
class RegistrationLimitFilter implements WebFilter, Ordered {

  private static final String REGISTER_PATH = "/api/auth/register";

  /** Counts the attempt; returns the milliseconds left in the window once over the limit, or 0. */
  private static final RedisScript<Long> COUNT =
      RedisScript.of(
          """
          local count = redis.call('INCR', KEYS[1])
          if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
          end
          if count > tonumber(ARGV[2]) then
            return redis.call('PTTL', KEYS[1])
          end
          return 0
          """,
          Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisOutage outage;
  private final ProblemResponses problems;
  private final RegistrationLimit limit;
  private final String keyPrefix;

  RegistrationLimitFilter(
      ReactiveStringRedisTemplate redis,
      RedisOutage outage,
      ProblemResponses problems,
      ProtectionProperties properties) {
    this.redis = redis;
    this.outage = outage;
    this.problems = problems;
    this.limit = properties.registration();
    this.keyPrefix = properties.keyPrefix();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (!HttpMethod.POST.equals(request.getMethod())
        || !REGISTER_PATH.equals(request.getPath().pathWithinApplication().value())) {
      return chain.filter(exchange);
    }
    return redis
        .execute(
            COUNT,
            List.of(keyPrefix + ":registration:address:" + ClientAddress.of(request)),
            List.of(Long.toString(limit.window().toMillis()), Integer.toString(limit.perAddress())))
        .next()
        .onErrorResume(
            error -> {
              outage.skipped("the registration limit", error);
              return Mono.just(0L);
            })
        .flatMap(
            millisLeft ->
                millisLeft > 0
                    ? TooManyRequests.write(
                        problems,
                        exchange,
                        (millisLeft + 999) / 1000,
                        "Too many registrations from this address.")
                    : chain.filter(exchange));
  }

  @Override
  public int getOrder() {
    return RequestSizeFilter.ORDER + 10;
  }
}
