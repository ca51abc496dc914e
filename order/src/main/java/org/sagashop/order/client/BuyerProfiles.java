package org.sagashop.order.client;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import org.springframework.stereotype.Component;

/**
 * Reads the buyer's profile from the user service, guarded by the {@code user} circuit breaker and
 * retry (configured in the config repo): a short retry rides out a blip, and while the service is
 * down the open circuit answers at once instead of letting every request wait for a timeout.
 */
@Component
public class BuyerProfiles {

  private final UserClient users;

  public BuyerProfiles(UserClient users) {
    this.users = users;
  }

  @Retry(name = "user")
  @CircuitBreaker(name = "user")
  public BuyerProfile currentBuyer(String authorization) {
    return users.currentUser(authorization);
  }
}
