package org.sagashop.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sagashop.accesstokens.AccessTokenKeys;
import org.sagashop.accesstokens.JwtProperties;
import org.sagashop.platform.security.CurrentUser;
import org.sagashop.platform.test.TestTokens;
import org.sagashop.user.command.Credentials;
import org.sagashop.user.command.Roles;
import org.sagashop.user.config.SigningKeys;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Tokens are checked here as every other service checks them: with the platform's decoder, against
 * the JWK set this service publishes (as JSON, the way it travels).
 */
class AccessTokenIssuerTest {

  private static final JwtProperties PROPERTIES =
      new JwtProperties("sagashop", "sagashop-api", Duration.ofMinutes(30), "unused");
  private static final Credentials ADMIN =
      new Credentials("u-1", "alice", "hash", Set.of(Roles.USER, Roles.ADMIN));

  private static final RSAKey OLD = TestTokens.generatedKey("2026-01");
  private static final RSAKey NEW = TestTokens.generatedKey("2026-07");

  @Test
  void issuesARs256TokenThatServicesAcceptAndThatNamesTheUser() {
    SigningKeys keys = new SigningKeys(List.of(OLD), null);
    Instant now = Instant.now();
    AccessToken token = issuer(keys, PROPERTIES, now).issue(ADMIN);

    Jwt jwt = verifier(keys, PROPERTIES).decode(token.accessToken());

    assertThat(token.tokenType()).isEqualTo("Bearer");
    assertThat(token.expiresIn()).isEqualTo(1800);
    assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("kid", "2026-01");
    assertThat(jwt.getClaimAsString("iss")).isEqualTo("sagashop");
    assertThat(jwt.getAudience()).containsExactly("sagashop-api");
    assertThat(jwt.getSubject()).isEqualTo("u-1");
    assertThat(jwt.getIssuedAt()).isEqualTo(now.truncatedTo(ChronoUnit.SECONDS));
    assertThat(jwt.getExpiresAt()).isEqualTo(jwt.getIssuedAt().plus(Duration.ofMinutes(30)));
    assertThat(CurrentUser.of(jwt)).isEqualTo(new CurrentUser("u-1", "alice", true));
    assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ADMIN", "USER");
  }

  @Test
  void thePublishedKeySetHoldsNoPrivatePart() {
    SigningKeys keys = new SigningKeys(List.of(OLD, NEW), "2026-07");

    assertThat(keys.publicKeys().getKeys()).hasSize(2).noneMatch(key -> key.isPrivate());
    assertThat(keys.publicKeys().toString()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
  }

  @Test
  void tokenIsRefusedOnceExpired() {
    SigningKeys keys = new SigningKeys(List.of(OLD), null);
    String token =
        issuer(keys, PROPERTIES, Instant.now().minus(Duration.ofHours(1)))
            .issue(ADMIN)
            .accessToken();

    assertThatThrownBy(() -> verifier(keys, PROPERTIES).decode(token))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void tokenIsRefusedByServicesExpectingAnotherIssuerOrAudience() {
    SigningKeys keys = new SigningKeys(List.of(OLD), null);
    String token = issuer(keys, PROPERTIES, Instant.now()).issue(ADMIN).accessToken();
    JwtProperties otherIssuer =
        new JwtProperties("elsewhere", "sagashop-api", Duration.ofMinutes(30), "unused");
    JwtProperties otherAudience =
        new JwtProperties("sagashop", "elsewhere-api", Duration.ofMinutes(30), "unused");

    assertThatThrownBy(() -> verifier(keys, otherIssuer).decode(token))
        .isInstanceOf(JwtValidationException.class);
    assertThatThrownBy(() -> verifier(keys, otherAudience).decode(token))
        .isInstanceOf(JwtValidationException.class);
  }

  @Test
  void aRotationKeepsEarlierTokensValidUntilTheOldKeyIsWithdrawn() {
    // 1. the new key is added and published, the old one still signs
    SigningKeys bothOldActive = new SigningKeys(List.of(OLD, NEW), "2026-01");
    String signedWithOld =
        issuer(bothOldActive, PROPERTIES, Instant.now()).issue(ADMIN).accessToken();
    // 2. the new key signs; the old one stays published until its last token has expired
    SigningKeys bothNewActive = new SigningKeys(List.of(OLD, NEW), "2026-07");
    String signedWithNew =
        issuer(bothNewActive, PROPERTIES, Instant.now()).issue(ADMIN).accessToken();
    // 3. the old key is withdrawn
    SigningKeys newOnly = new SigningKeys(List.of(NEW), null);

    assertThat(verifier(bothNewActive, PROPERTIES).decode(signedWithOld).getSubject())
        .isEqualTo("u-1");
    assertThat(verifier(bothNewActive, PROPERTIES).decode(signedWithNew).getHeaders())
        .containsEntry("kid", "2026-07");
    assertThat(verifier(newOnly, PROPERTIES).decode(signedWithNew).getSubject()).isEqualTo("u-1");
    assertThatThrownBy(() -> verifier(newOnly, PROPERTIES).decode(signedWithOld))
        .isInstanceOf(BadJwtException.class);
  }

  @Test
  void signingKeysMustNameTheActiveKeyWhenThereAreSeveral() {
    assertThatThrownBy(() -> new SigningKeys(List.of(OLD, NEW), null))
        .hasMessageContaining("SAGASHOP_JWT_ACTIVE_KEY")
        .hasMessageContaining("2026-01, 2026-07");
    assertThatThrownBy(() -> new SigningKeys(List.of(OLD), "2027-01"))
        .hasMessageContaining("2027-01 is not among the keys found: 2026-01");
    assertThatThrownBy(() -> new SigningKeys(List.of(), null))
        .hasMessageContaining("no token signing key");
  }

  private static AccessTokenIssuer issuer(SigningKeys keys, JwtProperties properties, Instant now) {
    return new AccessTokenIssuer(
        new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.active()))),
        keys,
        properties,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  /** What another service builds from the JWK set this service publishes. */
  private static JwtDecoder verifier(SigningKeys keys, JwtProperties properties) {
    try {
      JWKSet published = JWKSet.parse(keys.publicKeys().toString());
      return AccessTokenKeys.decoder(new ImmutableJWKSet<>(published), properties);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
