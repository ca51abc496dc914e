package org.sagashop.accesstokens;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Where the keys that verify access tokens come from, and the one way every service checks a token:
 * RS256 only (so {@code alg: none} and an HMAC token keyed with a public key are refused before any
 * key is looked at), a known key id, then expiry, issuer and audience.
 */
public final class AccessTokenKeys {

  /** How long a fetched JWK set is used before it is fetched again. */
  static final Duration CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);

  /**
   * A token with a key id the cached set does not know makes the set be fetched again (that is how
   * a new key is picked up at once), but the set is fetched at most twice in each window of this
   * length (nimbus keeps the second fetch of a window for a key rotated just after the first), so
   * forged key ids cannot turn the services into a flood of requests to {@code user}.
   */
  static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);

  /**
   * While {@code user} cannot be reached, the last set fetched stays in use this long: a restart of
   * {@code user} does not sign every caller out of the other services.
   */
  static final Duration OUTAGE_TOLERANCE = Duration.ofHours(1);

  /** How long the reactive decoder lets a request wait for the key its token names. */
  static final Duration KEY_LOOKUP_TIMEOUT = Duration.ofSeconds(3);

  /**
   * How long a lookup waits for a fetch that another thread has under way, before it gives up on
   * the key: as long as that fetch may take.
   */
  static final Duration CACHE_REFRESH_TIMEOUT = ServiceInstanceResourceRetriever.RESPONSE_TIMEOUT;

  /** Reactor's scheduler for work that may block, as an executor. */
  private static final Executor MAY_BLOCK = task -> Schedulers.boundedElastic().schedule(task);

  private static final Logger LOG = LoggerFactory.getLogger(AccessTokenKeys.class);

  /**
   * The {@code typ} every access token carries (RFC 9068), and no other token does: a token made
   * for another purpose (an ID token, a signed message) is never taken for an access token, even if
   * it came from the same key.
   */
  public static final JOSEObjectType TOKEN_TYPE = new JOSEObjectType("at+jwt");

  private static final JOSEObjectTypeVerifier<SecurityContext> ACCESS_TOKEN_TYPE =
      new DefaultJOSEObjectTypeVerifier<>(TOKEN_TYPE);

  /** How far the clocks of the machines may disagree (Spring's default for exp and nbf). */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private AccessTokenKeys() {}

  /** The verification keys at {@code location}: fetched over HTTP, or read once from a file. */
  public static JWKSource<SecurityContext> source(
      String location, ResourceRetriever retriever, ResourceLoader resources) {
    if (location.startsWith("http://") || location.startsWith("https://")) {
      try {
        return new NoKeyWhenUnavailable(
            JWKSourceBuilder.create(URI.create(location).toURL(), retriever)
                .cache(CACHE_TIME_TO_LIVE.toMillis(), CACHE_REFRESH_TIMEOUT.toMillis())
                .rateLimited(MIN_REFETCH_INTERVAL.toMillis())
                .outageTolerant(OUTAGE_TOLERANCE.toMillis())
                .build());
      } catch (MalformedURLException e) {
        throw new IllegalStateException("sagashop.security.jwt.jwk-set-uri is not a URL", e);
      }
    }
    try (InputStream in = resources.getResource(location).getInputStream()) {
      return new ImmutableJWKSet<>(JWKSet.load(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JWK set at " + location, e);
    } catch (ParseException e) {
      throw new IllegalStateException("the JWK set at " + location + " is not valid", e);
    }
  }

  /**
   * A decoder that accepts exactly the platform's access tokens signed by a key of {@code keys}.
   */
  public static JwtDecoder decoder(JWKSource<SecurityContext> keys, JwtProperties properties) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWSTypeVerifier(ACCESS_TOKEN_TYPE);
    // the claims are checked by Spring's validators below, with clear error descriptions
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    decoder.setJwtValidator(validator(properties));
    return decoder;
  }

  /**
   * The same decoder for a reactive application (the gateway). A request waits at most {@link
   * #KEY_LOOKUP_TIMEOUT} for its key; see {@link #lookUp}.
   */
  public static ReactiveJwtDecoder reactiveDecoder(
      JWKSource<SecurityContext> keys, JwtProperties properties) {
    return reactiveDecoder(keys, properties, KEY_LOOKUP_TIMEOUT);
  }

  static ReactiveJwtDecoder reactiveDecoder(
      JWKSource<SecurityContext> keys, JwtProperties properties, Duration lookupTimeout) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSource(
                jwt ->
                    lookUp(
                            keys,
                            new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())),
                            lookupTimeout)
                        .flatMapMany(Flux::fromIterable))
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .jwtProcessorCustomizer(
                processor ->
                    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TOKEN_TYPE)))
            .build();
    decoder.setJwtValidator(validator(properties));
    return decoder;
  }

  /**
   * Fetches the key set now, if {@code keys} fetches it at all, so that the first requests find it
   * cached: fetching it the first time also sets up the route to {@code user} and the HTTP client,
   * which takes seconds on a busy machine. Waits for the fetch, which has time limits of its own; a
   * failure is logged, and the keys are then fetched by the first request that needs them.
   */
  public static void fetchNow(JWKSource<SecurityContext> keys) {
    try {
      keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
    } catch (KeySourceException e) {
      LOG.warn("The token verification keys cannot be fetched yet: {}", e.getMessage());
    }
  }

  /**
   * Looks a key up on a thread that may block (fetching the set does), never on an event loop. The
   * request waits at most {@code timeout}: a key not found by then is no key, and the token is
   * refused as invalid (401). The lookup does not end with the request that gave up on it: a fetch
   * under way runs on to its own time limits and fills the cache for the requests that follow.
   * Interrupted half-way, as cancelling a task on Reactor's scheduler does, it would fetch nothing
   * and still count against {@link #MIN_REFETCH_INTERVAL}, and the next request would start over.
   */
  private static Mono<List<JWK>> lookUp(
      JWKSource<SecurityContext> keys, JWKSelector selector, Duration timeout) {
    return Mono.fromFuture(
            () -> CompletableFuture.supplyAsync(() -> get(keys, selector), MAY_BLOCK), true)
        .timeout(
            timeout,
            Mono.fromSupplier(
                () -> {
                  LOG.warn(
                      "No token verification key was found within {} ms: the token is refused",
                      timeout.toMillis());
                  return List.of();
                }));
  }

  private static List<JWK> get(JWKSource<SecurityContext> keys, JWKSelector selector) {
    try {
      return keys.get(selector, null);
    } catch (KeySourceException e) {
      throw new CompletionException(e);
    }
  }

  /**
   * Issuer, audience and time, and the claims every access token has: a subject, an expiry (Spring
   * checks one only when it is there) and an issue time that is not in the future.
   */
  private static OAuth2TokenValidator<Jwt> validator(JwtProperties properties) {
    return new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefaultWithIssuer(properties.issuer()),
        new JwtClaimValidator<Collection<String>>(
            JwtClaimNames.AUD, aud -> aud != null && aud.contains(properties.audience())),
        new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
        new JwtClaimValidator<String>(
            JwtClaimNames.SUB, subject -> subject != null && !subject.isBlank()),
        new JwtClaimValidator<Instant>(
            JwtClaimNames.IAT,
            issuedAt -> issuedAt != null && !issuedAt.isAfter(Instant.now().plus(CLOCK_SKEW))));
  }

  /**
   * A key that cannot be looked up (its key id is unknown and the set was fetched less than {@link
   * #MIN_REFETCH_INTERVAL} ago, or {@code user} has been unreachable for longer than {@link
   * #OUTAGE_TOLERANCE}) is no key: the token is refused as invalid (401), never a server error.
   */
  private record NoKeyWhenUnavailable(JWKSource<SecurityContext> keys)
      implements JWKSource<SecurityContext> {

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
      try {
        return keys.get(selector, context);
      } catch (RateLimitReachedException e) {
        return List.of();
      } catch (KeySourceException e) {
        LOG.warn("The token verification keys cannot be fetched: {}", e.getMessage());
        return List.of();
      }
    }
  }
}
