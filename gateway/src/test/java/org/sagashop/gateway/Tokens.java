package org.sagashop.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Access tokens as the user service issues them, and the ways they go wrong. */
final class Tokens {

  static final String SECRET = "gateway-test-secret-that-is-long-enough-for-hs256";

  private Tokens() {}

  static String user() {
    return token(SECRET, "sagashop", "sagashop-api", Duration.ofMinutes(15), "USER");
  }

  static String admin() {
    return token(SECRET, "sagashop", "sagashop-api", Duration.ofMinutes(15), "USER", "ADMIN");
  }

  static String signedWithAnotherKey() {
    return token(
        "another-secret-that-is-also-long-enough-for-hs256",
        "sagashop",
        "sagashop-api",
        Duration.ofMinutes(15),
        "USER");
  }

  static String expired() {
    return token(SECRET, "sagashop", "sagashop-api", Duration.ofMinutes(-5), "USER");
  }

  static String forAnotherAudience() {
    return token(SECRET, "sagashop", "another-api", Duration.ofMinutes(15), "USER");
  }

  static String fromAnotherIssuer() {
    return token(SECRET, "someone-else", "sagashop-api", Duration.ofMinutes(15), "USER");
  }

  private static String token(
      String secret, String issuer, String audience, Duration validFor, String... roles) {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(UUID.randomUUID().toString())
            .issuer(issuer)
            .audience(audience)
            .claim("username", "alice")
            .claim("roles", List.of(roles))
            .issueTime(Date.from(now.minus(Duration.ofMinutes(30))))
            .expirationTime(Date.from(now.plus(validFor)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
