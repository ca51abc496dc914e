package org.sagashop.user.config;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sagashop.accesstokens.RsaKeys;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The keys access tokens are signed with: every {@code <key id>.pem} file (PKCS #8 RSA, 2048 bits
 * or more) at {@code sagashop.security.jwt.signing.key-location}. New tokens are signed with the
 * active key; every key is published, so tokens signed with a key that is being retired, or with
 * one about to become active, are still accepted. That is what makes a rotation safe without
 * downtime (README, "Rotating the token signing key").
 */
public final class SigningKeys {

  private final RSAKey active;
  private final List<RSAKey> all;

  public SigningKeys(List<RSAKey> keys, String activeKeyId) {
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "no token signing key: put a <key id>.pem file (openssl genpkey -algorithm RSA"
              + " -pkeyopt rsa_keygen_bits:2048) where SAGASHOP_JWT_KEYS points");
    }
    this.all = keys.stream().sorted(Comparator.comparing(JWK::getKeyID)).toList();
    if (activeKeyId == null || activeKeyId.isBlank()) {
      if (keys.size() > 1) {
        throw new IllegalStateException(
            "several token signing keys ("
                + String.join(", ", keyIds())
                + "): name the one to sign with in SAGASHOP_JWT_ACTIVE_KEY");
      }
      this.active = keys.get(0);
    } else {
      this.active =
          keys.stream()
              .filter(key -> key.getKeyID().equals(activeKeyId))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the active token signing key "
                              + activeKeyId
                              + " is not among the keys found: "
                              + String.join(", ", keyIds())));
    }
  }

  /** Reads every {@code *.pem} file at {@code location} (a {@code file:} or {@code classpath:}). */
  static SigningKeys load(ResourcePatternResolver resolver, String location, String activeKeyId) {
    if (location == null || location.isBlank()) {
      throw new IllegalStateException(
          "sagashop.security.jwt.signing.key-location is not set (SAGASHOP_JWT_KEYS)");
    }
    String folder = location.endsWith("/") ? location : location + "/";
    List<RSAKey> keys = new ArrayList<>();
    try {
      for (Resource file : resolver.getResources(folder + "*.pem")) {
        String name = file.getFilename();
        String keyId = name.substring(0, name.length() - ".pem".length());
        keys.add(RsaKeys.fromPem(keyId, file.getContentAsString(StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token signing keys at " + folder, e);
    }
    return new SigningKeys(keys, activeKeyId);
  }

  /** The key new tokens are signed with. */
  public RSAKey active() {
    return active;
  }

  /** The public halves of every key, as the JWK set the other services verify tokens with. */
  public JWKSet publicKeys() {
    return new JWKSet(all.stream().map(key -> (JWK) key.toPublicJWK()).toList());
  }

  private List<String> keyIds() {
    return all.stream().map(JWK::getKeyID).toList();
  }
}
