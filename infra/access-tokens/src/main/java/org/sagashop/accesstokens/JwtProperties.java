package org.sagashop.accesstokens;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How access tokens are checked. The {@code user} service signs them with RS256 and publishes its
 * public keys as a JWK set; every other service fetches that set from {@code jwkSetUri}. An {@code
 * http} address whose host is a service name ({@code http://user/...}) is resolved through the
 * service registry, so any running {@code user} instance answers; a {@code classpath:} or {@code
 * file:} address reads a fixed JWK set (tests, or a deployment that distributes keys itself).
 */
@ConfigurationProperties("sagashop.security.jwt")
public record JwtProperties(
    @DefaultValue("sagashop") String issuer,
    @DefaultValue("sagashop-api") String audience,
    @DefaultValue("1h") Duration timeToLive,
    @DefaultValue("http://user/.well-known/jwks.json") String jwkSetUri) {

  public JwtProperties {
    if (jwkSetUri == null || jwkSetUri.isBlank()) {
      throw new IllegalStateException("sagashop.security.jwt.jwk-set-uri must be set");
    }
  }
}
