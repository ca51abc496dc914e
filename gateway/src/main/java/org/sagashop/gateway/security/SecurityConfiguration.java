package org.sagashop.gateway.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.sagashop.accesstokens.AccessTokenKeys;
import org.sagashop.accesstokens.JwtProperties;
import org.sagashop.accesstokens.ServiceInstanceResourceRetriever;
import org.sagashop.gateway.web.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The gateway turns away requests without a valid access token before they cost a service anything.
 * It checks tokens exactly as the services do and passes them on unchanged, and every service
 * checks them again: the gateway is a first line, not the only one.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class SecurityConfiguration {

  private static final String ROLES_CLAIM = "roles";

  @Bean
  SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ProblemResponses problems) {
    ServerAuthenticationEntryPoint unauthorized = unauthorized(problems);
    ServerAccessDeniedHandler forbidden =
        (exchange, denied) ->
            problems.write(
                exchange, HttpStatus.FORBIDDEN, "Your account is not allowed to do this.");
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers(HttpMethod.POST, "/api/auth/register", "/api/auth/login")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/api/products", "/api/products/**")
                    .permitAll()
                    .pathMatchers("/api/**")
                    .authenticated()
                    .pathMatchers("/actuator/health/**", "/actuator/info")
                    .permitAll()
                    .pathMatchers("/actuator/**")
                    .hasRole("ADMIN")
                    // the rest is the front end, the API documentation, or nothing at all: an
                    // unknown address is a 404 for everyone, not a 401 hinting that something is
                    // there
                    .anyExchange()
                    .permitAll())
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(authentication()))
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(forbidden))
        .exceptionHandling(
            handling ->
                handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
        .build();
  }

  /**
   * The keys the {@code user} service publishes, fetched from a running {@code user} instance and
   * cached.
   */
  @Bean
  JWKSource<SecurityContext> tokenKeys(
      JwtProperties properties,
      ObjectProvider<LoadBalancerClient> loadBalancer,
      ResourceLoader resources) {
    return AccessTokenKeys.source(
        properties.jwkSetUri(),
        new ServiceInstanceResourceRetriever(loadBalancer.getIfAvailable()),
        resources);
  }

  /** Checks tokens exactly as the services do (the shared access-token rules). */
  @Bean
  ReactiveJwtDecoder jwtDecoder(JWKSource<SecurityContext> tokenKeys, JwtProperties properties) {
    return AccessTokenKeys.reactiveDecoder(tokenKeys, properties);
  }

  /**
   * Fetches the token keys as the gateway starts, before it reports itself ready. The first fetch
   * also sets up the route to {@code user} and the HTTP client, which takes seconds on a busy
   * machine: left to the first requests, they would wait for it, and be refused if it outlasted the
   * decoder's limit on a key lookup.
   */
  @Bean
  ApplicationRunner fetchTokenKeysAtStart(JWKSource<SecurityContext> tokenKeys) {
    return arguments -> AccessTokenKeys.fetchNow(tokenKeys);
  }

  /**
   * A request the firewall refuses (a path with {@code ..}, an encoded slash or the like, the usual
   * way to reach a service's internal endpoints through a public route) never reaches a route: to
   * the client there is simply nothing at such an address.
   */
  @Bean
  ServerExchangeRejectedHandler exchangeRejectedHandler(ProblemResponses problems) {
    return (exchange, rejected) ->
        problems.write(exchange, HttpStatus.NOT_FOUND, "There is nothing at this address.");
  }

  private static ServerAuthenticationEntryPoint unauthorized(ProblemResponses problems) {
    return (exchange, failure) -> {
      boolean tokenRejected = failure instanceof OAuth2AuthenticationException;
      exchange
          .getResponse()
          .getHeaders()
          .set(
              HttpHeaders.WWW_AUTHENTICATE,
              tokenRejected ? "Bearer error=\"invalid_token\"" : "Bearer");
      return problems.write(
          exchange,
          HttpStatus.UNAUTHORIZED,
          tokenRejected
              ? "The access token is not valid or has expired: sign in again."
              : "A valid access token is required: sign in and send it as 'Authorization: Bearer <token>'.");
    };
  }

  private static ReactiveJwtAuthenticationConverterAdapter authentication() {
    JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
    roles.setAuthoritiesClaimName(ROLES_CLAIM);
    roles.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(roles);
    return new ReactiveJwtAuthenticationConverterAdapter(converter);
  }
}
