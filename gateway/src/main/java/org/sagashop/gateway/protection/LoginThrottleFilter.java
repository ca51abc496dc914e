package org.sagashop.gateway.protection;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sagashop.gateway.protection.ProtectionProperties.LoginThrottle;
import org.sagashop.gateway.web.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Slows down password guessing: within a fixed window, only so many failed sign-in attempts are let
 * through per account from one client address (the {@code username} of the request,
 * case-insensitive), and per client address whatever the account; beyond that the gateway answers
 * 429 to that address until the window ends.
 *
 * <p>An account is counted per address, not across all of them: otherwise anyone could lock anyone
 * out (the administrator included) with a few wrong passwords, and the owner signing in from their
 * own address would be refused with the right one. Guessing one account from many addresses is
 * bounded by the per-address limit of each, and by the password rules.
 *
 * <p>The body is read as the user service reads it, in the charset its {@code Content-Type} names,
 * with duplicate keys refused: the account counted is the account whose password is checked. A body
 * the gateway cannot read, or that names no account, is refused here with 400 rather than passed on
 * uncounted.
 *
 * <p>Every attempt is counted before it is forwarded, atomically, so parallel guesses cannot slip
 * past the limit together. The count is given back when the user service answers anything but 401:
 * a successful sign-in, a malformed request or a service that is not up yet costs no attempt, so
 * people who sign in often, and scripts that retry while the system starts, are never locked out.
 */
@Component
class LoginThrottleFilter implements WebFilter, Ordered {

  private static final String LOGIN_PATH = "/api/auth/login";

  /** Refuses (returning the milliseconds left in the window) or counts the attempt (0). */
  private static final RedisScript<Long> COUNT_ATTEMPT =
      RedisScript.of(
          """
          for i, key in ipairs(KEYS) do
            if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
              local left = redis.call('PTTL', key)
              if left < 0 then
                redis.call('PEXPIRE', key, ARGV[1])
                left = tonumber(ARGV[1])
              end
              return left
            end
          end
          for _, key in ipairs(KEYS) do
            if redis.call('INCR', key) == 1 then
              redis.call('PEXPIRE', key, ARGV[1])
            end
          end
          return 0
          """,
          Long.class);

  private static final RedisScript<Long> GIVE_BACK =
      RedisScript.of(
          """
          for _, key in ipairs(KEYS) do
            if redis.call('EXISTS', key) == 1 then
              redis.call('DECR', key)
            end
          end
          return 0
          """,
          Long.class);

  /** Reads a sign-in as the user service does: two values under one key are refused. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Redis could not count the attempt: it passes uncounted. */
  private static final long NOT_COUNTED = -1;

  private final ReactiveStringRedisTemplate redis;
  private final RedisOutage outage;
  private final ProblemResponses problems;
  private final LoginThrottle limits;
  private final String keyPrefix;

  LoginThrottleFilter(
      ReactiveStringRedisTemplate redis,
      RedisOutage outage,
      ProblemResponses problems,
      ProtectionProperties properties) {
    this.redis = redis;
    this.outage = outage;
    this.problems = problems;
    this.limits = properties.login();
    this.keyPrefix = properties.keyPrefix();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (!HttpMethod.POST.equals(request.getMethod())
        || !LOGIN_PATH.equals(request.getPath().pathWithinApplication().value())) {
      return chain.filter(exchange);
    }
    Optional<String> account = account(request, exchange.getAttribute(RequestSizeFilter.BODY));
    if (account.isEmpty()) {
      return problems.write(
          exchange,
          HttpStatus.BAD_REQUEST,
          "A sign-in is a JSON object with a text 'username' and a 'password', in UTF-8 or in"
              + " the charset its Content-Type names, each key once.");
    }
    String address = ClientAddress.of(request);
    // one hash tag for all of them: a script may only touch keys of one Redis cluster slot
    List<String> keys =
        List.of(
            keyPrefix + ":{login}:address:" + address,
            keyPrefix + ":{login}:account:" + account.get() + ":address:" + address);
    List<String> arguments =
        List.of(
            Long.toString(limits.window().toMillis()),
            Integer.toString(limits.perAddress()),
            Integer.toString(limits.perAccount()));
    return redis
        .execute(COUNT_ATTEMPT, keys, arguments)
        .next()
        .onErrorResume(
            error -> {
              outage.skipped("the sign-in throttle", error);
              return Mono.just(NOT_COUNTED);
            })
        .flatMap(
            millisLeft -> {
              if (millisLeft > 0) {
                return TooManyRequests.write(
                    problems,
                    exchange,
                    (millisLeft + 999) / 1000,
                    "Too many failed sign-in attempts for this account or from this address.");
              }
              if (millisLeft == 0) {
                exchange.getResponse().beforeCommit(() -> giveBackUnlessRefused(exchange, keys));
              }
              return chain.filter(exchange);
            });
  }

  @Override
  public int getOrder() {
    return RequestSizeFilter.ORDER + 10;
  }

  private Mono<Void> giveBackUnlessRefused(ServerWebExchange exchange, List<String> keys) {
    if (HttpStatus.UNAUTHORIZED.equals(exchange.getResponse().getStatusCode())) {
      return Mono.empty();
    }
    return redis
        .execute(GIVE_BACK, keys)
        .then()
        .onErrorResume(
            error -> {
              outage.skipped("the sign-in throttle", error);
              return Mono.empty();
            });
  }

  /**
   * The account an attempt is for, hashed so the keys stay short and Redis holds no user names;
   * none when the body cannot be read or names no account.
   */
  private static Optional<String> account(ServerHttpRequest request, byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    JsonNode username;
    try {
      Charset charset = request.getHeaders().getContentType().getCharset();
      JsonNode document =
          charset == null ? STRICT.readTree(body) : STRICT.readTree(new String(body, charset));
      if (document == null || !document.isObject()) {
        return Optional.empty();
      }
      username = document.path("username");
    } catch (IOException | RuntimeException unreadable) {
      // not JSON, a duplicate key, no Content-Type, an unknown charset
      return Optional.empty();
    }
    if (!username.isTextual() || username.asText().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(sha256(username.asText().strip().toLowerCase(Locale.ROOT)));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }
}
