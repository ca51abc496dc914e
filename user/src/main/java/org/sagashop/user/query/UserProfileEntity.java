package org.sagashop.user.query;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import org.sagashop.coreapi.user.event.UserRegisteredEvent;

/** A row of {@code user_profile}. */
@Entity
@Table(name = "user_profile")
class UserProfileEntity {

  @Id
  @Column(name = "user_id")
  private String userId;

  @Column(name = "username", nullable = false)
  private String username;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  @Column(name = "email", nullable = false)
  private String email;

  @Column(name = "roles", nullable = false)
  private String[] roles;

  protected UserProfileEntity() {}

  static UserProfileEntity registered(UserRegisteredEvent event) {
    UserProfileEntity profile = new UserProfileEntity();
    profile.userId = event.userId();
    profile.username = event.username();
    profile.displayName = event.displayName();
    profile.email = event.email();
    profile.roles = event.roles().stream().sorted().toArray(String[]::new);
    return profile;
  }

  UserProfile toProfile() {
    return new UserProfile(userId, username, displayName, email, List.of(roles));
  }
}
