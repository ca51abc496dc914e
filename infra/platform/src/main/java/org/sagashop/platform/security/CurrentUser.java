package org.sagashop.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;

/** The caller, as the access token names them. */
public record CurrentUser(String userId, String username, boolean admin) {

  public static final String USERNAME_CLAIM = "username";
  public static final String ROLES_CLAIM = "roles";

  public static CurrentUser of(Jwt jwt) {
    var roles = jwt.getClaimAsStringList(ROLES_CLAIM);
    return new CurrentUser(
        jwt.getSubject(),
        jwt.getClaimAsString(USERNAME_CLAIM),
        roles != null && roles.contains("ADMIN"));
  }
}
