package org.sagashop.user.query;

import java.util.List;

/**
 * A user as {@code GET /api/users/me} shows them. Other services read this JSON (the order service
 * reads the buyer's profile), so its fields are a published contract.
 */
public record UserProfile(
    String userId, String username, String displayName, String email, List<String> roles) {

  public UserProfile {
    roles = List.copyOf(roles);
  }
}
