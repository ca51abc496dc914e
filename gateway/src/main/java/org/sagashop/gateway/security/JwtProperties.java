package org.sagashop.gateway.security;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How access tokens are checked: the same settings the services read from the shared configuration,
 * so the gateway accepts exactly the tokens they accept. The secret must be at least 32 bytes for
 * HMAC-SHA256.
 */
@ConfigurationProperties("sagashop.security.jwt")
public record JwtProperties(
    String secret,
    @DefaultValue("sagashop") String issuer,
    @DefaultValue("sagashop-api") String audience) {

  public JwtProperties {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalStateException(
          "sagashop.security.jwt.secret must be set and at least 32 bytes long");
    }
  }

  public SecretKey secretKey() {
    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }
}
