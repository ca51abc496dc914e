package org.sagashop.accesstokens;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** RSA signing keys as PEM files hold them (PKCS #8, as {@code openssl genpkey} writes them). */
public final class RsaKeys {

  /** Smaller RSA keys are no longer considered safe for signatures. */
  public static final int MIN_BITS = 2048;

  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private RsaKeys() {}

  /**
   * The signing key in {@code pem}, with its public half, under key id {@code keyId}.
   *
   * @throws IllegalArgumentException if {@code pem} is not an unencrypted PKCS #8 RSA private key
   *     of at least {@value #MIN_BITS} bits
   */
  public static RSAKey fromPem(String keyId, String pem) {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "key " + keyId + " is not a PKCS #8 PEM private key (" + BEGIN + ")");
    }
    RSAPrivateCrtKey privateKey = parse(keyId, pem.substring(begin + BEGIN.length(), end));
    if (privateKey.getModulus().bitLength() < MIN_BITS) {
      throw new IllegalArgumentException("key " + keyId + " has fewer than " + MIN_BITS + " bits");
    }
    try {
      RSAPublicKey publicKey =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(
                      new RSAPublicKeySpec(
                          privateKey.getModulus(), privateKey.getPublicExponent()));
      return new RSAKey.Builder(publicKey)
          .privateKey(privateKey)
          .keyID(keyId)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("key " + keyId + " has no valid public half", e);
    }
  }

  private static RSAPrivateCrtKey parse(String keyId, String base64) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(base64.strip());
      if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
          instanceof RSAPrivateCrtKey key) {
        return key;
      }
      throw new IllegalArgumentException("key " + keyId + " has no public exponent");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("key " + keyId + " is not a valid RSA private key", e);
    }
  }
}
