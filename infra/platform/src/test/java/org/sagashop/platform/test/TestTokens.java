package org.sagashop.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.sagashop.accesstokens.RsaKeys;

/**
 * Access tokens signed with the test key whose public half {@code application-it.yml} names as the
 * JWK set ({@code classpath:sagashop-test-keys/}); the key is for tests only.
 */
public final class TestTokens {

  /** The type every access token declares (RFC 9068). */
  private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

  public static final String KEY_ID = "sagashop-test";
  public static final String KEY_LOCATION = "classpath:sagashop-test-keys/";

  /** The property that makes a service check tokens against the test key. */
  public static final String JWK_SET_PROPERTY =
      "sagashop.security.jwt.jwk-set-uri=classpath:sagashop-test-keys/jwks.json";

  public static final RSAKey KEY =
      RsaKeys.fromPem(KEY_ID, read("sagashop-test-keys/sagashop-test.pem"));

  private TestTokens() {}

  public static String user(String userId) {
    return token(userId, "user-" + userId, List.of("USER"));
  }

  public static String admin(String userId) {
    return token(userId, "admin-" + userId, List.of("USER", "ADMIN"));
  }

  public static String token(String userId, String username, List<String> roles) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(userId)
            .issuer("sagashop")
            .audience("sagashop-api")
            .claim("username", username)
            .claim("roles", roles)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
            .build();
    return sign(KEY, claims);
  }

  /** {@code claims} signed with RS256 by {@code key}, under the key's id. */
  public static String sign(RSAKey key, JWTClaimsSet claims) {
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

  /** A fresh 2048-bit RSA signing key under {@code keyId}, known to no service. */
  public static RSAKey generatedKey(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String resource) {
    try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
