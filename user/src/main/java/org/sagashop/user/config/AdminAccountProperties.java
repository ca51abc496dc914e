package org.sagashop.user.config;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.sagashop.user.web.ValidPassword;
import org.sagashop.user.web.ValidUsername;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The administrator account created at start when missing. Checked by the same rules as a
 * registration, so a bad value stops the service at start with a clear message.
 */
@Validated
@ConfigurationProperties("sagashop.admin")
record AdminAccountProperties(
    @ValidUsername String username,
    @ValidPassword String password,
    @NotBlank @Size(max = 64) String displayName,
    @NotBlank @Email @Size(max = 254) String email) {

  @Override
  public String toString() {
    return "AdminAccountProperties[username="
        + username
        + ", password=<hidden>, displayName="
        + displayName
        + ", email="
        + email
        + "]";
  }
}
