package org.sagashop.user.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The user service's own settings.
 *
 * @param profileWait how long sign-up waits for the new user's profile to be readable before it
 *     answers all the same
 */
@ConfigurationProperties("sagashop.user")
public record UserProperties(@DefaultValue("5s") Duration profileWait) {

  public UserProperties {
    if (profileWait.isNegative()) {
      throw new IllegalArgumentException("sagashop.user.profile-wait must not be negative");
    }
  }
}
