package org.sagashop.user.command;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Set;
import org.hibernate.annotations.Immutable;

/**
 * A row of {@code user_credentials}, read through JPA; rows are written by {@link
 * JpaCredentialStore}.
 */
@Entity
@Immutable
@Table(name = "user_credentials")
class CredentialsEntity {

  @Id
  @Column(name = "user_id")
  private String userId;

  @Column(name = "username", nullable = false)
  private String username;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @Column(name = "roles", nullable = false)
  private String[] roles;

  protected CredentialsEntity() {}

  Credentials toCredentials() {
    return new Credentials(userId, username, passwordHash, Set.of(roles));
  }
}
