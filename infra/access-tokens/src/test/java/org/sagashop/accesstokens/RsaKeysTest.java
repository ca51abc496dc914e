package org.sagashop.accesstokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RsaKeysTest {

  @Test
  void readsAPkcs8KeyWithItsPublicHalfAndId() throws Exception {
    var key = RsaKeys.fromPem("k1", pem(2048));

    assertThat(key.getKeyID()).isEqualTo("k1");
    assertThat(key.isPrivate()).isTrue();
    assertThat(key.toRSAPublicKey().getModulus()).isEqualTo(key.toRSAPrivateKey().getModulus());
    assertThat(key.toPublicJWK().isPrivate()).isFalse();
  }

  @Test
  void refusesShortKeysAndWhatIsNotAPrivateKey() throws Exception {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RsaKeys.fromPem("short", pem(1024)))
        .withMessageContaining("fewer than 2048 bits");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RsaKeys.fromPem("text", "not a key"))
        .withMessageContaining("not a PKCS #8 PEM private key");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                RsaKeys.fromPem(
                    "garbage", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .withMessageContaining("not a valid RSA private key");
  }

  private static String pem(int bits) throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes())
            .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }
}
