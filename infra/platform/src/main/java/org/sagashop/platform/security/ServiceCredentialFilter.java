package org.sagashop.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates another Saga Shop service by the shared credential in {@link
 * ServiceCredentialProperties#HEADER}. A request without it, or with a wrong one, stays anonymous
 * and is refused by the internal endpoints' rule.
 */
final class ServiceCredentialFilter extends OncePerRequestFilter {

  static final String SERVICE_ROLE = "SERVICE";

  private final ServiceCredentialProperties credential;

  ServiceCredentialFilter(ServiceCredentialProperties credential) {
    this.credential = credential;
  }

  /**
   * The command bus connector answers with a future: Spring MVC writes the reply in an async
   * dispatch of the same request, which runs the security chain again with an empty context. Left
   * out of that dispatch, this filter let the reply of a command that had already run turn into a
   * 401, and the sender resent the command until its deadline.
   */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (credential.matches(request.getHeader(ServiceCredentialProperties.HEADER))) {
      var context = SecurityContextHolder.createEmptyContext();
      context.setAuthentication(new ServiceAuthentication());
      SecurityContextHolder.setContext(context);
    }
    chain.doFilter(request, response);
  }

  /** A caller known only as "one of the platform's services". */
  private static final class ServiceAuthentication extends AbstractAuthenticationToken {

    ServiceAuthentication() {
      super(List.of(new SimpleGrantedAuthority("ROLE_" + SERVICE_ROLE)));
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return "sagashop-service";
    }
  }
}
