package org.sagashop.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Access tokens signed with the integration-test secret of {@code application-it.yml}. */
public final class TestTokens {

  public static final String SECRET = "integration-tests-only-secret-0123456789abcdef";

  private TestTokens() {}

  public static String user(String userId) {
    return token(userId, "user-" + userId, List.of("USER"));
  }

  public static String admin(String userId) {
    return token(userId, "admin-" + userId, List.of("USER", "ADMIN"));
  }

  public static String token(String userId, String username, List<String> roles) {
    try {
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
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
