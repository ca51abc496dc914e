package org.sagashop.user.command;

import java.util.Locale;
import java.util.Optional;

/**
 * Usernames and password hashes, kept beside the event store rather than in it: events are kept for
 * ever, while a hash must be replaceable and erasable. Usernames are unique regardless of case and
 * are stored in their {@link #canonical canonical} (lower-case) form.
 */
public interface CredentialStore {

  /**
   * Claims the credentials' username for their user, in the caller's transaction.
   *
   * @return false, and nothing stored, when the username is already taken, also when another
   *     registration claimed it at the same moment
   */
  boolean claim(Credentials credentials);

  /** The credentials of a username, in any case. */
  Optional<Credentials> findByUsername(String username);

  static String canonical(String username) {
    return username.toLowerCase(Locale.ROOT);
  }
}
