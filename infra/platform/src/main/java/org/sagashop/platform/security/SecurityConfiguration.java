package org.sagashop.platform.security;

import java.util.ArrayList;
import java.util.List;
import org.sagashop.accesstokens.AccessTokenKeys;
import org.sagashop.accesstokens.JwtProperties;
import org.sagashop.accesstokens.ServiceInstanceResourceRetriever;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Every service checks the caller's access token itself (signature, expiry, issuer, audience), so a
 * request that bypasses the gateway gets no further than one through it. The command bus connector
 * and member capabilities are service-to-service endpoints the gateway never routes; a request
 * straight to a service's port reaches them only with the service credential, never with a user's
 * token. Metrics are for administrators: they name endpoints, processors and load.
 */
@AutoConfiguration(before = SecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({JwtProperties.class, ServiceCredentialProperties.class})
@EnableMethodSecurity
public class SecurityConfiguration {

  static final String[] ALWAYS_OPEN = {
    "/actuator/health/**",
    "/actuator/info",
    "/v3/api-docs/**",
    "/swagger-ui/**",
    "/swagger-ui.html",
    "/error"
  };

  static final String[] SERVICES_ONLY = {
    "/spring-command-bus-connector/**", "/member-capabilities"
  };

  @Bean
  @Order(1)
  public SecurityFilterChain serviceToServiceSecurity(
      HttpSecurity http, ServiceCredentialProperties credential) throws Exception {
    AuthenticationEntryPoint unauthorized =
        ProblemSecurityHandlers.unauthorized(
            "This endpoint is for Saga Shop services only: send the service credential as '"
                + ServiceCredentialProperties.HEADER
                + ": <credential>'.");
    http.securityMatcher(SERVICES_ONLY)
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(
            new ServiceCredentialFilter(credential), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            auth -> auth.anyRequest().hasRole(ServiceCredentialFilter.SERVICE_ROLE))
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized));
    return http.build();
  }

  @Bean
  @Order(2)
  public SecurityFilterChain apiSecurity(HttpSecurity http, Environment environment)
      throws Exception {
    // bound, not @Value: the config repo writes the paths as a YAML list
    List<String> publicPaths =
        Binder.get(environment)
            .bind("sagashop.security.public-paths", Bindable.listOf(String.class))
            .orElse(List.of());
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            auth -> {
              auth.requestMatchers(ALWAYS_OPEN).permitAll();
              auth.requestMatchers("/actuator/**").hasRole("ADMIN");
              for (String path : publicPaths) {
                String[] methodAndPattern = path.trim().split("\\s+", 2);
                if (methodAndPattern.length == 2) {
                  auth.requestMatchers(HttpMethod.valueOf(methodAndPattern[0]), methodAndPattern[1])
                      .permitAll();
                } else if (!methodAndPattern[0].isEmpty()) {
                  auth.requestMatchers(methodAndPattern[0]).permitAll();
                }
              }
              auth.anyRequest().authenticated();
            })
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(
                        jwt ->
                            jwt.jwtAuthenticationConverter(SecurityConfiguration::authentication))
                    .authenticationEntryPoint(ProblemSecurityHandlers.unauthorized())
                    .accessDeniedHandler(ProblemSecurityHandlers.forbidden()))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(ProblemSecurityHandlers.unauthorized())
                    .accessDeniedHandler(ProblemSecurityHandlers.forbidden()));
    return http.build();
  }

  /**
   * Checks tokens against the keys {@code user} publishes. The {@code user} service, which holds
   * the keys, declares its own decoder instead.
   */
  @Bean
  @ConditionalOnMissingBean(JwtDecoder.class)
  public JwtDecoder jwtDecoder(
      JwtProperties properties,
      ObjectProvider<LoadBalancerClient> loadBalancer,
      ResourceLoader resources) {
    return AccessTokenKeys.decoder(
        AccessTokenKeys.source(
            properties.jwkSetUri(),
            new ServiceInstanceResourceRetriever(loadBalancer.getIfAvailable()),
            resources),
        properties);
  }

  static AbstractAuthenticationToken authentication(Jwt jwt) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    List<String> roles = jwt.getClaimAsStringList(CurrentUser.ROLES_CLAIM);
    if (roles != null) {
      roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
    }
    return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
  }
}
