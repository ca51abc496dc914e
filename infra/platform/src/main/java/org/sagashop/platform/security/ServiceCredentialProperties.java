package org.sagashop.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The secret every Saga Shop service shares to call another's internal endpoints (the command bus
 * connector and member capabilities). The config repo reads it from {@code
 * SAGASHOP_SERVICE_CREDENTIAL}; it must be at least 32 bytes, like the token key. Without one, the
 * internal endpoints admit no caller at all, and the distributed command bus refuses to start.
 */
@ConfigurationProperties("sagashop.security")
public record ServiceCredentialProperties(String serviceCredential) {

  /** The request header that carries the credential from one service to another. */
  public static final String HEADER = "X-Sagashop-Service-Credential";

  public ServiceCredentialProperties {
    if (serviceCredential != null
        && serviceCredential.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalStateException(
          "sagashop.security.service-credential must be at least 32 bytes long");
    }
  }

  /** Whether a caller presented the credential; constant time, so timing reveals no prefix. */
  public boolean matches(String presented) {
    return serviceCredential != null
        && presented != null
        && MessageDigest.isEqual(
            serviceCredential.getBytes(StandardCharsets.UTF_8),
            presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ServiceCredentialProperties[serviceCredential=(hidden)]";
  }
}
