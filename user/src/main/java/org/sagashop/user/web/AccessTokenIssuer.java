package org.sagashop.user.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.sagashop.accesstokens.AccessTokenKeys;
import org.sagashop.accesstokens.JwtProperties;
import org.sagashop.platform.security.CurrentUser;
import org.sagashop.user.command.Credentials;
import org.sagashop.user.config.SigningKeys;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Issues the access tokens every service checks: RS256 with the active signing key (its id in the
 * header, so a verifier picks the right public key from the JWK set), the platform's issuer and
 * audience, the user id as subject, and the username and roles as claims.
 */
@Component
public class AccessTokenIssuer {

  private final JwtEncoder encoder;
  private final JwtProperties properties;
  private final Clock clock;
  private final String keyId;

  public AccessTokenIssuer(
      JwtEncoder encoder, SigningKeys keys, JwtProperties properties, Clock clock) {
    this.encoder = encoder;
    this.keyId = keys.active().getKeyID();
    this.properties = properties;
    this.clock = clock;
  }

  public AccessToken issue(Credentials credentials) {
    Instant now = clock.instant();
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .issuer(properties.issuer())
            .audience(List.of(properties.audience()))
            .subject(credentials.userId())
            .claim(CurrentUser.USERNAME_CLAIM, credentials.username())
            .claim(CurrentUser.ROLES_CLAIM, credentials.roles().stream().sorted().toList())
            .issuedAt(now)
            .expiresAt(now.plus(properties.timeToLive()))
            .build();
    JwsHeader header =
        JwsHeader.with(SignatureAlgorithm.RS256)
            .keyId(keyId)
            .type(AccessTokenKeys.TOKEN_TYPE.getType())
            .build();
    String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    return new AccessToken(token, AccessToken.BEARER, properties.timeToLive().toSeconds());
  }
}
