package org.sagashop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;

/**
 * Every protected endpoint, through the gateway and straight at the port of the service that owns
 * it, against every kind of bad access token: all of them must be refused with 401, and a valid
 * token without the ADMIN role must get 403 where only administrators may go. The forged tokens
 * that need the real signing key (expired, another audience, another issuer) are signed with the
 * key ./run.sh generated, exactly as the user service would sign them.
 */
class AccessTokenSystemTest {

  /** The type every access token declares (RFC 9068). */
  private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

  private static final Shop gateway = new Shop();
  private static final Map<String, Shop> services = new LinkedHashMap<>();
  private static User shopper;
  private static String admin;
  private static RSAKey signingKey;

  /** An endpoint that needs a token; {@code adminOnly} ones need the ADMIN role too. */
  record Endpoint(String service, String method, String path, String body, boolean adminOnly) {

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @BeforeAll
  static void signIn() {
    Map<String, Integer> ports =
        Map.of(
            "user", port("USER_PORT", 8081),
            "product", port("PRODUCT_PORT", 8082),
            "order", port("ORDER_PORT", 8083),
            "payment", port("PAYMENT_PORT", 8084),
            "notification", port("NOTIFICATION_PORT", 8085));
    ports.forEach(
        (service, port) -> services.put(service, new Shop(URI.create("http://localhost:" + port))));
    shopper = gateway.registerAndLogin();
    gateway.awaitWallet(shopper);
    admin = gateway.adminToken();
    signingKey = activeSigningKey();
  }

  static List<Endpoint> protectedEndpoints() {
    String someId = UUID.randomUUID().toString();
    String product = "{\"name\":\"Matrix\",\"price\":1.00,\"initialStock\":1}";
    String order = "{\"items\":[{\"productId\":\"" + someId + "\",\"quantity\":1}]}";
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint("user", "GET", "/api/users/me", null, false));
    endpoints.add(new Endpoint("product", "POST", "/api/products", product, true));
    endpoints.add(
        new Endpoint(
            "product", "POST", "/api/products/" + someId + "/restock", "{\"quantity\":1}", true));
    endpoints.add(new Endpoint("order", "POST", "/api/orders", order, false));
    endpoints.add(new Endpoint("order", "GET", "/api/orders", null, false));
    endpoints.add(new Endpoint("order", "GET", "/api/orders/" + someId, null, false));
    endpoints.add(new Endpoint("order", "GET", "/api/orders/" + someId + "/updates", null, false));
    endpoints.add(new Endpoint("payment", "GET", "/api/wallet", null, false));
    endpoints.add(
        new Endpoint("payment", "POST", "/api/wallet/deposits", "{\"amount\":5.00}", false));
    endpoints.add(new Endpoint("notification", "GET", "/api/notifications", null, false));
    // each service's dead letters (through the gateway under the service's name)
    for (String service : List.of("user", "product", "order", "payment", "notification")) {
      String deadLetters = "/api/admin/" + service + "/dead-letters";
      endpoints.add(new Endpoint(service, "GET", deadLetters, null, true));
      endpoints.add(new Endpoint(service, "POST", deadLetters + "/broker/retry", null, true));
      endpoints.add(new Endpoint(service, "DELETE", deadLetters + "/broker/" + someId, null, true));
    }
    // each service's own metrics (the gateway routes none of them), and the gateway's
    for (String service :
        List.of("user", "product", "order", "payment", "notification", "gateway")) {
      endpoints.add(new Endpoint(service, "GET", "/actuator/metrics", null, true));
      endpoints.add(new Endpoint(service, "GET", "/actuator/prometheus", null, true));
    }
    return endpoints;
  }

  /** Where an endpoint is tried: through the gateway and at its service, where it is at each. */
  private static Map<String, Shop> targets(Endpoint endpoint) {
    if (endpoint.service().equals("gateway")) {
      return Map.of("gateway", gateway);
    }
    if (endpoint.path().startsWith("/actuator/")) {
      return Map.of(endpoint.service(), services.get(endpoint.service()));
    }
    return Map.of("gateway", gateway, endpoint.service(), services.get(endpoint.service()));
  }

  /** Every way an access token can be wrong, by name. */
  static Map<String, String> badTokens() {
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("no token", null);
    tokens.put("not a JWT", "not-a-token");
    tokens.put("alg none", new PlainJWT(claims(shopper.userId()).build()).serialize());
    tokens.put("HS256 keyed with the published public key", hmacWithPublicKey());
    tokens.put("tampered payload (USER made ADMIN)", tamperedToAdmin());
    Instant past = Instant.now().minus(Duration.ofHours(3));
    tokens.put(
        "expired",
        sign(
            signingKey,
            claims(shopper.userId())
                .issueTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofHours(1))))
                .build()));
    tokens.put(
        "another audience",
        sign(signingKey, claims(shopper.userId()).audience("another-api").build()));
    tokens.put(
        "another issuer",
        sign(signingKey, claims(shopper.userId()).issuer("someone-else").build()));
    tokens.put("unknown key", sign(generated("unknown-key"), claims(shopper.userId()).build()));
    tokens.put(
        "unknown key under the real key id",
        sign(generated(signingKey.getKeyID()), claims(shopper.userId()).build()));
    return tokens;
  }

  @Test
  void everyProtectedEndpointRefusesEveryBadTokenThroughTheGatewayAndAtItsOwnService() {
    List<String> accepted = new ArrayList<>();
    int requests = 0;
    Map<String, String> tokens = badTokens();
    for (Endpoint endpoint : protectedEndpoints()) {
      for (Map.Entry<String, String> token : tokens.entrySet()) {
        for (Map.Entry<String, Shop> entry : targets(endpoint).entrySet()) {
          Response response = call(entry.getValue(), endpoint, token.getValue());
          requests++;
          if (response.status() != 401
              || !response.header("Content-Type").startsWith("application/problem+json")) {
            accepted.add(
                endpoint
                    + " at "
                    + entry.getKey()
                    + " with "
                    + token.getKey()
                    + ": "
                    + response.status()
                    + " "
                    + response.raw());
          }
        }
      }
    }

    System.out.printf(
        "access-token matrix: %d endpoints x %d bad tokens, through the gateway and at the"
            + " service ports: %d requests, %d refused with 401%n",
        protectedEndpoints().size(), tokens.size(), requests, requests - accepted.size());
    assertThat(accepted).as("requests that were not refused with 401").isEmpty();
  }

  @Test
  void aValidTokenGetsInButOnlyAdministratorsReachAdministrativeEndpoints() {
    List<String> wrong = new ArrayList<>();
    int requests = 0;
    for (Endpoint endpoint : protectedEndpoints()) {
      for (Map.Entry<String, Shop> entry : targets(endpoint).entrySet()) {
        int asShopper = call(entry.getValue(), endpoint, shopper.token()).status();
        int asAdmin = call(entry.getValue(), endpoint, admin).status();
        requests += 2;
        if (endpoint.adminOnly() ? asShopper != 403 : (asShopper == 401 || asShopper == 403)) {
          wrong.add(endpoint + " at " + entry.getKey() + " as a shopper: " + asShopper);
        }
        if (asAdmin == 401 || asAdmin == 403) {
          wrong.add(endpoint + " at " + entry.getKey() + " as an administrator: " + asAdmin);
        }
      }
    }
    System.out.printf(
        "role matrix: %d requests, %d as expected%n", requests, requests - wrong.size());
    assertThat(wrong).isEmpty();
  }

  @Test
  void thePublicKeysArePublishedThroughTheGatewayWithoutAnyPrivatePart() throws ParseException {
    Response jwks = gateway.get("/.well-known/jwks.json", null);

    assertThat(jwks.status()).isEqualTo(200);
    JWKSet published = JWKSet.parse(jwks.raw());
    assertThat(published.getKeyByKeyId(signingKey.getKeyID())).isNotNull();
    assertThat(published.getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
    assertThat(jwks.raw()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
  }

  @Test
  void theActingUserTravelsInMessageMetadataThroughTheWholeSaga() {
    String product = gateway.createProduct(admin, "Identity " + UUID.randomUUID(), "3.00", 5);
    assertThat(gateway.post("/api/wallet/deposits", Map.of("amount", 10), shopper.token()).status())
        .isIn(200, 201, 202);
    String orderId = placeOrder(product);

    await("the order to complete")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              JsonNode order = gateway.get("/api/orders/" + orderId, shopper.token()).body();
              return order != null && "COMPLETED".equals(order.path("status").asText());
            });

    EventStores stores = new EventStores();
    String actor = "\"userId\":\"" + shopper.userId() + "\"";
    for (String service : List.of("order", "product", "payment")) {
      List<EventStores.StoredEvent> events = stores.eventsMentioning(service, orderId);
      assertThat(events).as("events of " + service + " about the order").isNotEmpty();
      assertThat(events)
          .as("every event of " + service + " about the order names the buyer who acted")
          .allSatisfy(event -> assertThat(event.metaData()).contains(actor));
    }
  }

  private static String placeOrder(String product) {
    Response placed = gateway.placeOrder(shopper, Map.of(product, 1), UUID.randomUUID().toString());
    assertThat(placed.status()).as(placed.raw()).isEqualTo(202);
    return placed.body().get("orderId").asText();
  }

  private static Response call(Shop at, Endpoint endpoint, String token) {
    // the gateway names the service in an administrative path; the service itself does not
    String path =
        at == gateway
            ? endpoint.path()
            : endpoint.path().replace("/api/admin/" + endpoint.service() + "/", "/api/admin/");
    if (path.endsWith("/updates")) {
      // an event stream: only its status matters here
      return at.send(endpoint.method(), path, null, token, Map.of("Accept", "text/event-stream"));
    }
    return at.send(
        endpoint.method(),
        path,
        endpoint.body(),
        token,
        endpoint.method().equals("POST")
            ? Map.of("Idempotency-Key", UUID.randomUUID().toString())
            : Map.of());
  }

  // ---- tokens

  private static JWTClaimsSet.Builder claims(String userId) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject(userId)
        .issuer("sagashop")
        .audience("sagashop-api")
        .claim("username", shopper.username())
        .claim("roles", List.of("USER"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(30))));
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .type(ACCESS_TOKEN)
                  .keyID(key.getKeyID())
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hmacWithPublicKey() {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256)
                  .type(ACCESS_TOKEN)
                  .keyID(signingKey.getKeyID())
                  .build(),
              claims(shopper.userId()).build());
      jwt.sign(new MACSigner(signingKey.toRSAPublicKey().getEncoded()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tamperedToAdmin() {
    String[] parts = shopper.token().split("\\.");
    String admin =
        claims(shopper.userId()).claim("roles", List.of("USER", "ADMIN")).build().toString();
    return parts[0] + "." + Base64URL.encode(admin) + "." + parts[2];
  }

  private static RSAKey generated(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key the user service signs with: the one ./run.sh generated, or the one configured. */
  private static RSAKey activeSigningKey() {
    String location = System.getenv("SAGASHOP_JWT_KEYS");
    Path folder =
        location != null && location.startsWith("file:")
            ? Path.of(location.substring("file:".length()))
            : Path.of(
                System.getProperty(
                    "sagashop.jwt.keys",
                    System.getenv().getOrDefault("SAGASHOP_RUN_DIR", "../../.run") + "/keys"));
    String active = System.getenv("SAGASHOP_JWT_ACTIVE_KEY");
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> keys =
          files
              .filter(file -> file.getFileName().toString().endsWith(".pem"))
              .filter(
                  file ->
                      active == null
                          || active.isBlank()
                          || file.getFileName().toString().equals(active + ".pem"))
              .toList();
      assertThat(keys).as("the signing key in " + folder).hasSize(1);
      String name = keys.get(0).getFileName().toString();
      return rsaKey(name.substring(0, name.length() - 4), Files.readString(keys.get(0)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signing key in " + folder, e);
    }
  }

  private static RSAKey rsaKey(String keyId, String pem) {
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .strip();
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey privateKey =
          (RSAPrivateCrtKey)
              rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
      RSAPublicKey publicKey =
          (RSAPublicKey)
              rsa.generatePublic(
                  new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
      return new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(keyId).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("not an RSA key: " + keyId, e);
    }
  }

  private static int port(String variable, int fallback) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
  }
}
