package org.sagashop.user.command;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A credential store for tests that need no database. */
public class InMemoryCredentialStore implements CredentialStore {

  private final Map<String, Credentials> byUsername = new ConcurrentHashMap<>();

  @Override
  public boolean claim(Credentials credentials) {
    return byUsername.putIfAbsent(CredentialStore.canonical(credentials.username()), credentials)
        == null;
  }

  @Override
  public Optional<Credentials> findByUsername(String username) {
    return Optional.ofNullable(byUsername.get(CredentialStore.canonical(username)));
  }
}
