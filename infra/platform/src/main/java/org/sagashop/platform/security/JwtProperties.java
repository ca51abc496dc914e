package org.sagashop.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How access tokens are signed and checked. The secret comes from configuration (the config repo
 * reads it from {@code SAGASHOP_JWT_SECRET}); it must be at least 32 bytes for HMAC-SHA256.
 */
@ConfigurationProperties("sagashop.security.jwt")
public record JwtProperties(
    String secret,
    @DefaultValue("sagashop") String issuer,
    @DefaultValue("sagashop-api") String audience,
    @DefaultValue("1h") Duration timeToLive) {

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
