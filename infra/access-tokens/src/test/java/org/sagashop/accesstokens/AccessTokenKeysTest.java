package org.sagashop.accesstokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Every way a token can be wrong, for the servlet decoder and the reactive one alike. */
class AccessTokenKeysTest {

  private static final RSAKey KEY = key("k1");

  /** Far beyond any time limit in these tests: reaching it means a hang. */
  private static final Duration HANGS = Duration.ofSeconds(20);

  private static final JwtProperties PROPERTIES =
      new JwtProperties("sagashop", "sagashop-api", Duration.ofHours(1), "unused");

  private static final JwtDecoder SERVLET =
      AccessTokenKeys.decoder(new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())), PROPERTIES);
  private static final ReactiveJwtDecoder REACTIVE =
      AccessTokenKeys.reactiveDecoder(
          new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())), PROPERTIES);

  private HttpServer keyServer;

  /**
   * The key server answers each fetch on a thread of its own: one held back holds back no other.
   */
  private final ExecutorService keyServerThreads = Executors.newCachedThreadPool();

  @AfterEach
  void stopKeyServer() {
    if (keyServer != null) {
      keyServer.stop(0);
    }
    keyServerThreads.shutdownNow();
  }

  @Test
  void acceptsAPlatformTokenSignedByAPublishedKey() {
    String token = sign(KEY, claims().build());

    Jwt servlet = SERVLET.decode(token);
    Jwt reactive = REACTIVE.decode(token).block();

    assertThat(servlet.getSubject()).isEqualTo("u-1");
    assertThat(servlet.getHeaders()).containsEntry("alg", "RS256").containsEntry("kid", "k1");
    assertThat(reactive.getSubject()).isEqualTo("u-1");
  }

  static Stream<Arguments> badTokens() throws JOSEException {
    Instant past = Instant.now().minus(Duration.ofHours(2));
    // the classic algorithm confusion: HS256 "signed" with the RSA public key everyone can read
    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
    hmac.sign(new MACSigner(KEY.toRSAPublicKey().getEncoded()));
    String[] valid = sign(KEY, claims().build()).split("\\.");
    String adminPayload =
        Base64URL.encode(claims().claim("roles", List.of("USER", "ADMIN")).build().toString())
            .toString();
    return Stream.of(
        Arguments.of("alg none", new PlainJWT(claims().build()).serialize()),
        Arguments.of("HS256 keyed with the public key", hmac.serialize()),
        Arguments.of("tampered payload", valid[0] + "." + adminPayload + "." + valid[2]),
        Arguments.of(
            "expired",
            sign(
                KEY,
                claims()
                    .issueTime(Date.from(past))
                    .expirationTime(Date.from(past.plus(Duration.ofHours(1))))
                    .build())),
        Arguments.of("another audience", sign(KEY, claims().audience("another-api").build())),
        Arguments.of("another issuer", sign(KEY, claims().issuer("someone-else").build())),
        Arguments.of("unknown key", sign(key("stranger"), claims().build())),
        Arguments.of("unknown key under a published key id", sign(key("k1"), claims().build())),
        Arguments.of("not a token", "not.a.token"),
        Arguments.of("no expiry", sign(KEY, claims().expirationTime(null).build())),
        Arguments.of("no subject", sign(KEY, claims().subject(null).build())),
        Arguments.of("blank subject", sign(KEY, claims().subject(" ").build())),
        Arguments.of("no issue time", sign(KEY, claims().issueTime(null).build())),
        Arguments.of(
            "issued in the future",
            sign(KEY, claims().issueTime(Date.from(Instant.now().plusSeconds(600))).build())),
        Arguments.of("no type", sign(KEY, header().type(null), claims().build())),
        Arguments.of(
            "an ID token's type", sign(KEY, header().type(JOSEObjectType.JWT), claims().build())),
        Arguments.of(
            "a critical header nobody understands",
            sign(
                KEY,
                header().criticalParams(Set.of("sagashop-hop")).customParam("sagashop-hop", 1),
                claims().build())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void refusesEveryBadToken(String what, String token) {
    // BadJwtException is what makes Spring Security answer 401; any other exception is a 500
    assertThatThrownBy(() -> SERVLET.decode(token)).isInstanceOf(BadJwtException.class);
    assertThatThrownBy(() -> REACTIVE.decode(token).block()).isInstanceOf(BadJwtException.class);
  }

  @Test
  void fetchesTheKeySetOnceAndForgedKeyIdsDoNotMakeItFetchAgainAndAgain() throws IOException {
    // signed before the clock starts: generating keys takes long on a busy machine
    RSAKey forger = key("forger");
    List<String> forged = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      forged.add(sign(new RSAKey.Builder(forger).keyID("forged-" + i).build(), claims().build()));
    }
    AtomicInteger fetches = serveKeys(new JWKSet(KEY.toPublicJWK()));
    JwtDecoder remote = remoteDecoder();

    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThat(remote.decode(sign(KEY, claims().build())).getSubject()).isEqualTo("u-1");
    }
    for (String token : forged) {
      assertThatThrownBy(() -> remote.decode(token)).isInstanceOf(BadJwtException.class);
    }
    long windows =
        1 + (System.nanoTime() - started) / AccessTokenKeys.MIN_REFETCH_INTERVAL.toNanos();

    // at most two fetches in each window of the refetch interval that the decoding spanned (one,
    // on a machine fast enough): never one per forged key id
    assertThat(fetches.get()).isBetween(1, (int) (2 * windows));
  }

  @Test
  void keepsAcceptingTokensWhileTheKeyServiceIsDown() throws IOException {
    serveKeys(new JWKSet(KEY.toPublicJWK()));
    JwtDecoder remote = remoteDecoder();
    assertThat(remote.decode(sign(KEY, claims().build())).getSubject()).isEqualTo("u-1");

    keyServer.stop(0);
    keyServer = null;

    assertThat(remote.decode(sign(KEY, claims().build())).getSubject()).isEqualTo("u-1");
  }

  @Test
  void refusesATokenWhoseKeyIsNotFoundInTimeInsteadOfWaitingForIt() {
    CountDownLatch never = new CountDownLatch(1);
    JWKSource<SecurityContext> stuck =
        (selector, context) -> {
          awaitQuietly(never);
          return List.of(KEY.toPublicJWK());
        };
    ReactiveJwtDecoder decoder =
        AccessTokenKeys.reactiveDecoder(stuck, PROPERTIES, Duration.ofMillis(200));

    try {
      assertThatThrownBy(() -> decoder.decode(sign(KEY, claims().build())).block(HANGS))
          .isInstanceOf(BadJwtException.class);
    } finally {
      never.countDown();
    }
  }

  @Test
  void aFetchGoesOnWhenTheRequestThatStartedItGivesUp() throws IOException, InterruptedException {
    CountDownLatch answer = new CountDownLatch(1);
    CountDownLatch answered = new CountDownLatch(1);
    AtomicInteger fetches =
        serveKeys(
            new JWKSet(KEY.toPublicJWK()),
            () -> {
              awaitQuietly(answer);
              answered.countDown();
            });
    ReactiveJwtDecoder remote = AccessTokenKeys.reactiveDecoder(remoteSource(), PROPERTIES);
    String token = sign(KEY, claims().build());

    // the client goes away while the key set is on its way
    assertThatThrownBy(() -> remote.decode(token).block(Duration.ofMillis(100)))
        .isInstanceOf(IllegalStateException.class);
    answer.countDown();
    assertThat(answered.await(HANGS.toSeconds(), TimeUnit.SECONDS)).isTrue();

    assertThat(remote.decode(token).block(HANGS).getSubject()).isEqualTo("u-1");
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void fetchesTheKeySetAheadOfTheFirstToken() throws IOException {
    AtomicInteger fetches = serveKeys(new JWKSet(KEY.toPublicJWK()));
    JWKSource<SecurityContext> keys = remoteSource();

    AccessTokenKeys.fetchNow(keys);
    assertThat(fetches.get()).isEqualTo(1);

    JwtDecoder remote = AccessTokenKeys.decoder(keys, PROPERTIES);
    assertThat(remote.decode(sign(KEY, claims().build())).getSubject()).isEqualTo("u-1");
    assertThat(fetches.get()).isEqualTo(1);
  }

  private JwtDecoder remoteDecoder() {
    return AccessTokenKeys.decoder(remoteSource(), PROPERTIES);
  }

  private JWKSource<SecurityContext> remoteSource() {
    String uri = "http://127.0.0.1:" + keyServer.getAddress().getPort() + "/.well-known/jwks.json";
    return AccessTokenKeys.source(
        uri, new ServiceInstanceResourceRetriever(null), new DefaultResourceLoader());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AtomicInteger serveKeys(JWKSet keys) throws IOException {
    return serveKeys(keys, () -> {});
  }

  /** Publishes {@code keys}, running {@code beforeEachAnswer} before it answers a fetch. */
  private AtomicInteger serveKeys(JWKSet keys, Runnable beforeEachAnswer) throws IOException {
    AtomicInteger fetches = new AtomicInteger();
    byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
    keyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keyServer.setExecutor(keyServerThreads);
    keyServer.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          fetches.incrementAndGet();
          beforeEachAnswer.run();
          exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    keyServer.start();
    return fetches;
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    return sign(key, header(), claims);
  }

  /** The header of a platform access token, as the user service writes it. */
  private static JWSHeader.Builder header() {
    return new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"));
  }

  private static String sign(RSAKey key, JWSHeader.Builder header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header.keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey key(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject("u-1")
        .issuer("sagashop")
        .audience("sagashop-api")
        .claim("roles", List.of("USER"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
  }
}
