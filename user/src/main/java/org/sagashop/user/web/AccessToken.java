package org.sagashop.user.web;

/**
 * A signed-in user's bearer token.
 *
 * @param expiresIn seconds until the token expires
 */
public record AccessToken(String accessToken, String tokenType, long expiresIn) {

  public static final String BEARER = "Bearer";

  @Override
  public String toString() {
    return "AccessToken[accessToken=<hidden>, tokenType="
        + tokenType
        + ", expiresIn="
        + expiresIn
        + "]";
  }
}
