package org.sagashop.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sagashop.platform.security.CurrentUser;
import org.sagashop.platform.security.JwtProperties;
import org.sagashop.platform.security.SecurityConfiguration;
import org.sagashop.user.command.Credentials;
import org.sagashop.user.command.Roles;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Tokens are checked here with the very decoder every service builds from the same settings. */
class AccessTokenIssuerTest {

  private static final JwtProperties PROPERTIES =
      new JwtProperties(
          "unit-test-secret-0123456789abcdef-0123456789",
          "sagashop",
          "sagashop-api",
          Duration.ofMinutes(30));
  private static final Credentials ADMIN =
      new Credentials("u-1", "alice", "hash", Set.of(Roles.USER, Roles.ADMIN));

  private final JwtDecoder platformDecoder = new SecurityConfiguration().jwtDecoder(PROPERTIES);

  private static AccessTokenIssuer issuer(JwtProperties properties, Instant now) {
    return new AccessTokenIssuer(
        new NimbusJwtEncoder(new ImmutableSecret<>(properties.secretKey())),
        properties,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void issuesABearerTokenThatServicesAcceptAndThatNamesTheUser() {
    Instant now = Instant.now();
    AccessToken token = issuer(PROPERTIES, now).issue(ADMIN);

    Jwt jwt = platformDecoder.decode(token.accessToken());

    assertThat(token.tokenType()).isEqualTo("Bearer");
    assertThat(token.expiresIn()).isEqualTo(1800);
    assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
    assertThat(jwt.getClaimAsString("iss")).isEqualTo("sagashop");
    assertThat(jwt.getAudience()).containsExactly("sagashop-api");
    assertThat(jwt.getSubject()).isEqualTo("u-1");
    assertThat(jwt.getIssuedAt()).isEqualTo(now.truncatedTo(ChronoUnit.SECONDS));
    assertThat(jwt.getExpiresAt()).isEqualTo(jwt.getIssuedAt().plus(Duration.ofMinutes(30)));
    assertThat(CurrentUser.of(jwt)).isEqualTo(new CurrentUser("u-1", "alice", true));
    assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ADMIN", "USER");
  }

  @Test
  void tokenIsRefusedOnceExpired() {
    String token =
        issuer(PROPERTIES, Instant.now().minus(Duration.ofHours(1))).issue(ADMIN).accessToken();

    assertThatThrownBy(() -> platformDecoder.decode(token))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void tokenIsRefusedByServicesExpectingAnotherIssuerOrAudience() {
    String token = issuer(PROPERTIES, Instant.now()).issue(ADMIN).accessToken();
    JwtDecoder otherIssuer =
        new SecurityConfiguration()
            .jwtDecoder(
                new JwtProperties(
                    PROPERTIES.secret(), "elsewhere", "sagashop-api", Duration.ofMinutes(30)));
    JwtDecoder otherAudience =
        new SecurityConfiguration()
            .jwtDecoder(
                new JwtProperties(
                    PROPERTIES.secret(), "sagashop", "elsewhere-api", Duration.ofMinutes(30)));

    assertThatThrownBy(() -> otherIssuer.decode(token)).isInstanceOf(JwtValidationException.class);
    assertThatThrownBy(() -> otherAudience.decode(token))
        .isInstanceOf(JwtValidationException.class);
  }

  @Test
  void tokenIsRefusedByServicesWithAnotherSecret() {
    String token = issuer(PROPERTIES, Instant.now()).issue(ADMIN).accessToken();
    JwtDecoder otherSecret =
        new SecurityConfiguration()
            .jwtDecoder(
                new JwtProperties(
                    "another-secret-0123456789abcdef-0123456789",
                    "sagashop",
                    "sagashop-api",
                    Duration.ofMinutes(30)));

    assertThatThrownBy(() -> otherSecret.decode(token))
        .isInstanceOf(BadJwtException.class)
        .hasMessageContaining("signature");
  }
}
