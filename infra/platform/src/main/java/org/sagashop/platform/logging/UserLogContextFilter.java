package org.sagashop.platform.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the signed-in user (the access token's subject) in the logging context for the rest of the
 * request. Runs after Spring Security, which has checked the token by then.
 */
public class UserLogContextFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (!(authentication instanceof JwtAuthenticationToken token)) {
      chain.doFilter(request, response);
      return;
    }
    String before = MDC.get(LogContext.USER_ID);
    MDC.put(LogContext.USER_ID, token.getToken().getSubject());
    try {
      chain.doFilter(request, response);
    } finally {
      if (before == null) {
        MDC.remove(LogContext.USER_ID);
      } else {
        MDC.put(LogContext.USER_ID, before);
      }
    }
  }
}
