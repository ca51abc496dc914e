package org.sagashop.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class UserLogContextFilterTest {

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
    MDC.clear();
  }

  @Test
  void namesTheSignedInUserForTheRestOfTheRequest() throws Exception {
    Jwt token =
        new Jwt(
            "token",
            Instant.now(),
            Instant.now().plusSeconds(60),
            Map.of("alg", "RS256"),
            Map.of("sub", "user-9"));
    SecurityContextHolder.getContext()
        .setAuthentication(new JwtAuthenticationToken(token, List.of(), "user-9"));

    assertThat(userIdSeenByTheRequest()).isEqualTo("user-9");
    assertThat(MDC.get(LogContext.USER_ID)).isNull();
  }

  @Test
  void namesNobodyForAnAnonymousRequest() throws Exception {
    assertThat(userIdSeenByTheRequest()).isNull();
  }

  private static String userIdSeenByTheRequest() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    new UserLogContextFilter()
        .doFilter(
            new MockHttpServletRequest("GET", "/api/orders"),
            new MockHttpServletResponse(),
            (request, response) -> seen.set(MDC.get(LogContext.USER_ID)));
    return seen.get();
  }
}
