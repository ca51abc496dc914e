package org.sagashop.user.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record RegisterRequest(
    @ValidUsername String username,
    @ValidPassword String password,
    @NotBlank @Size(max = 64) String displayName,
    @NotBlank @Email @Size(max = 254) String email) {

  @Override
  public String toString() {
    return "RegisterRequest[username="
        + username
        + ", password=<hidden>, displayName="
        + displayName
        + ", email="
        + email
        + "]";
  }
}
