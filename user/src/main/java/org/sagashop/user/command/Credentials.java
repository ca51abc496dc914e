package org.sagashop.user.command;

import java.util.Set;

/** What signing in checks and what the access token then says about the user. */
public record Credentials(String userId, String username, String passwordHash, Set<String> roles) {

  public Credentials {
    roles = Set.copyOf(roles);
  }

  @Override
  public String toString() {
    return "Credentials[userId="
        + userId
        + ", username="
        + username
        + ", passwordHash=<hidden>, roles="
        + roles
        + "]";
  }
}
