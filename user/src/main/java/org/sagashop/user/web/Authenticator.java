package org.sagashop.user.web;

import java.util.Optional;
import java.util.UUID;
import org.sagashop.user.command.CredentialStore;
import org.sagashop.user.command.Credentials;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Checks a username and password against the credential store. */
@Component
public class Authenticator {

  private final CredentialStore credentials;
  private final PasswordEncoder passwordEncoder;

  /**
   * Compared against when the username is unknown, so that an unknown name costs the same BCrypt
   * work as a known one and the answer's timing does not tell which usernames exist.
   */
  private final String unknownUserHash;

  public Authenticator(CredentialStore credentials, PasswordEncoder passwordEncoder) {
    this.credentials = credentials;
    this.passwordEncoder = passwordEncoder;
    this.unknownUserHash = passwordEncoder.encode(UUID.randomUUID().toString());
  }

  /** The user's credentials when the password is theirs, otherwise empty. */
  public Optional<Credentials> authenticate(String username, String password) {
    if (!ValidPassword.HardToGuess.fits(password)) {
      // no account can have such a password: registration refuses it, and BCrypt cannot check it
      return Optional.empty();
    }
    Optional<Credentials> found = credentials.findByUsername(username);
    String hash = found.map(Credentials::passwordHash).orElse(unknownUserHash);
    boolean matches = passwordEncoder.matches(password, hash);
    return matches ? found : Optional.empty();
  }
}
