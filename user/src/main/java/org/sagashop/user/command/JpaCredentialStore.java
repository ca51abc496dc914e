package org.sagashop.user.command;

import jakarta.persistence.EntityManager;
import java.util.Optional;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The credential store on the service's PostgreSQL database, table {@code user_credentials}. */
@Repository
class JpaCredentialStore implements CredentialStore {

  /**
   * One statement both checks and claims the name. When another transaction has just claimed the
   * same name, PostgreSQL waits for it and then skips the row instead of failing: a race for a name
   * ends as a plain refusal, and the transaction stays usable.
   */
  private static final String CLAIM =
      """
      insert into user_credentials (user_id, username, password_hash, roles, created_at)
      values (:userId, :username, :passwordHash, :roles, now())
      on conflict (username) do nothing
      """;

  private final EntityManager entityManager;

  JpaCredentialStore(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean claim(Credentials credentials) {
    int inserted =
        entityManager
            .createNativeQuery(CLAIM)
            .setParameter("userId", credentials.userId())
            .setParameter("username", CredentialStore.canonical(credentials.username()))
            .setParameter("passwordHash", credentials.passwordHash())
            .setParameter("roles", credentials.roles().stream().sorted().toArray(String[]::new))
            .executeUpdate();
    return inserted == 1;
  }

  @Override
  public Optional<Credentials> findByUsername(String username) {
    return entityManager
        .createQuery(
            "select c from CredentialsEntity c where c.username = :username",
            CredentialsEntity.class)
        .setParameter("username", CredentialStore.canonical(username))
        .getResultList()
        .stream()
        .findFirst()
        .map(CredentialsEntity::toCredentials);
  }
}
