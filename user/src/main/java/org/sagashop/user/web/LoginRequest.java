package org.sagashop.user.web;

import jakarta.validation.constraints.NotBlank;

/** No format rules here beyond presence: a sign-in attempt never learns the registration rules. */
public record LoginRequest(@NotBlank String username, @NotBlank String password) {

  @Override
  public String toString() {
    return "LoginRequest[username=" + username + ", password=<hidden>]";
  }
}
