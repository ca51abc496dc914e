package org.sagashop.user.config;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Clock;
import org.sagashop.accesstokens.AccessTokenKeys;
import org.sagashop.accesstokens.JwtProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Password hashing, and the keys access tokens are signed and checked with. */
@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }

  @Bean
  SigningKeys signingKeys(
      ResourcePatternResolver resolver,
      @Value("${sagashop.security.jwt.signing.key-location:}") String location,
      @Value("${sagashop.security.jwt.signing.active-key-id:}") String activeKeyId) {
    return SigningKeys.load(resolver, location, activeKeyId);
  }

  /** Signs with the active key only. */
  @Bean
  JwtEncoder jwtEncoder(SigningKeys keys) {
    return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.active())));
  }

  /**
   * This service holds the keys, so it checks tokens against them directly, with the same rules as
   * every other service (instead of fetching its own JWK set over HTTP).
   */
  @Bean
  JwtDecoder jwtDecoder(SigningKeys keys, JwtProperties properties) {
    return AccessTokenKeys.decoder(new ImmutableJWKSet<>(keys.publicKeys()), properties);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
