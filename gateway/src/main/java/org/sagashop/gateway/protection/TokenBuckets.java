package org.sagashop.gateway.protection;

import java.util.List;
import org.sagashop.gateway.protection.ProtectionProperties.Bucket;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by every gateway instance. It runs Spring Cloud Gateway's own
 * {@link RedisRateLimiter} script (one atomic round trip, Redis's clock), but not that class: it
 * answers a Redis failure with a logged stack trace per request and a refusal without a body, where
 * the gateway needs a quiet fail-open and a problem detail with {@code Retry-After}.
 */
@Component
class TokenBuckets {

  /** Whether a request may pass, and if not, after how many seconds it would. */
  record Decision(boolean allowed, long retryAfterSeconds) {}

  private final ReactiveStringRedisTemplate redis;
  private final RedisScript<List<Long>> script;
  private final RedisOutage outage;
  private final String keyPrefix;

  TokenBuckets(
      ReactiveStringRedisTemplate redis,
      @Qualifier(RedisRateLimiter.REDIS_SCRIPT_NAME) RedisScript<List<Long>> script,
      RedisOutage outage,
      ProtectionProperties properties) {
    this.redis = redis;
    this.script = script;
    this.outage = outage;
    this.keyPrefix = properties.keyPrefix();
  }

  /** Takes one request out of the bucket named {@code id}. */
  Mono<Decision> take(String id, Bucket bucket) {
    // the braces make both keys one hash slot, as a Redis cluster requires for a script
    String key = keyPrefix + ":rate:{" + id + "}";
    List<String> keys = List.of(key + ":tokens", key + ":timestamp");
    List<String> arguments =
        List.of(
            Double.toString(bucket.replenishRate()),
            Long.toString(bucket.burstCapacity()),
            "",
            "1");
    return redis
        .execute(script, keys, arguments)
        .next()
        .map(
            result ->
                result.get(0) == 1L
                    ? new Decision(true, 0)
                    : new Decision(false, bucket.secondsPerRequest()))
        .onErrorResume(
            error -> {
              outage.skipped("the API rate limit", error);
              return Mono.just(new Decision(true, 0));
            });
  }
}
