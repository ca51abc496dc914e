package org.sagashop.user.config;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.time.Clock;
import org.sagashop.platform.security.JwtProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Password hashing and access-token signing. */
@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }

  /** Signs with the secret every service verifies with ({@code sagashop.security.jwt.secret}). */
  @Bean
  JwtEncoder jwtEncoder(JwtProperties properties) {
    return new NimbusJwtEncoder(new ImmutableSecret<>(properties.secretKey()));
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
