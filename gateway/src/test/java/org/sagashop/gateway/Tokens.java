package org.sagashop.gateway;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens as the user service issues them (RS256, its key id in the header), and the ways
 * they go wrong. The test user backend publishes {@link #JWK_SET} as the user service would.
 */
final class Tokens {

  /** The type every access token declares (RFC 9068). */
  private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

  static final RSAKey KEY = generate("gateway-test");
  static final String JWK_SET = new JWKSet(KEY.toPublicJWK()).toString();

  private Tokens() {}

  static String user() {
    return sign(KEY, claims("sagashop", "sagashop-api", Duration.ofMinutes(15), "USER"));
  }

  static String admin() {
    return sign(KEY, claims("sagashop", "sagashop-api", Duration.ofMinutes(15), "USER", "ADMIN"));
  }

  static String signedWithAnUnknownKey() {
    return sign(generate("stranger"), valid());
  }

  static String signedWithAnotherKeyUnderThePublishedKeyId() {
    return sign(generate(KEY.getKeyID()), valid());
  }

  static String unsigned() {
    return new PlainJWT(valid()).serialize();
  }

  /** HS256 "signed" with the RSA public key, which anyone can read from the JWK set. */
  static String hmacKeyedWithThePublicKey() {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256)
                  .type(ACCESS_TOKEN)
                  .keyID(KEY.getKeyID())
                  .build(),
              valid());
      jwt.sign(new MACSigner(KEY.toRSAPublicKey().getEncoded()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid user token whose payload was changed to claim the ADMIN role. */
  static String tamperedToClaimAdmin() {
    String[] parts = user().split("\\.");
    JWTClaimsSet admin =
        claims("sagashop", "sagashop-api", Duration.ofMinutes(15), "USER", "ADMIN");
    return parts[0] + "." + Base64URL.encode(admin.toString()) + "." + parts[2];
  }

  static String expired() {
    return sign(KEY, claims("sagashop", "sagashop-api", Duration.ofMinutes(-5), "USER"));
  }

  static String forAnotherAudience() {
    return sign(KEY, claims("sagashop", "another-api", Duration.ofMinutes(15), "USER"));
  }

  static String fromAnotherIssuer() {
    return sign(KEY, claims("someone-else", "sagashop-api", Duration.ofMinutes(15), "USER"));
  }

  private static JWTClaimsSet valid() {
    return claims("sagashop", "sagashop-api", Duration.ofMinutes(15), "USER");
  }

  private static JWTClaimsSet claims(
      String issuer, String audience, Duration validFor, String... roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject(UUID.randomUUID().toString())
        .issuer(issuer)
        .audience(audience)
        .claim("username", "alice")
        .claim("roles", List.of(roles))
        .issueTime(Date.from(now.minus(Duration.ofMinutes(30))))
        .expirationTime(Date.from(now.plus(validFor)))
        .build();
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

  private static RSAKey generate(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
