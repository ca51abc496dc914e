package org.sagashop.gateway.protection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits that keep one client from wearing the system down: request rates per user and per client
 * address, sign-in attempts per account and per address, and the size of a request body.
 *
 * @param keyPrefix prefix of every Redis key the gateway writes, so several systems (or test runs)
 *     can share one Redis without counting each other's requests
 */
@ConfigurationProperties("sagashop.gateway.protection")
public record ProtectionProperties(
    @DefaultValue("sagashop:gateway") String keyPrefix,
    @DefaultValue RateLimits rateLimit,
    @DefaultValue LoginThrottle login,
    @DefaultValue RegistrationLimit registration,
    @DefaultValue("64KB") DataSize maxRequestSize) {

  public ProtectionProperties {
    if (keyPrefix == null || keyPrefix.isBlank()) {
      throw new IllegalStateException("sagashop.gateway.protection.key-prefix must not be blank");
    }
    if (maxRequestSize.toBytes() <= 0) {
      throw new IllegalStateException(
          "sagashop.gateway.protection.max-request-size must be positive");
    }
  }

  /**
   * Token buckets for the API: a signed-in caller is counted by user, anyone else by address.
   *
   * @param user the bucket of each signed-in user
   * @param anonymous the bucket of each client address without a token
   */
  public record RateLimits(Bucket user, Bucket anonymous) {

    public RateLimits {
      user = user != null ? user : new Bucket(20, 60);
      anonymous = anonymous != null ? anonymous : new Bucket(40, 120);
    }
  }

  /**
   * A token bucket: it holds up to {@code burstCapacity} requests and refills {@code replenishRate}
   * of them per second (a fraction for less than one a second).
   */
  public record Bucket(double replenishRate, long burstCapacity) {

    public Bucket {
      if (replenishRate <= 0 || burstCapacity < replenishRate) {
        throw new IllegalStateException(
            "A rate limit needs replenish-rate > 0 and burst-capacity >= replenish-rate, not "
                + replenishRate
                + " and "
                + burstCapacity);
      }
    }

    /** Whole seconds until the bucket holds a request again, once it is empty. */
    long secondsPerRequest() {
      return Math.max(1, (long) Math.ceil(1 / replenishRate));
    }
  }

  /**
   * Failed sign-in attempts allowed within a fixed window: per account from one client address
   * ({@code perAccount}), and per client address whatever the account ({@code perAddress}).
   */
  public record LoginThrottle(
      @DefaultValue("5m") Duration window,
      @DefaultValue("10") int perAccount,
      @DefaultValue("30") int perAddress) {

    public LoginThrottle {
      if (window.toMillis() < 1000 || perAccount < 1 || perAddress < 1) {
        throw new IllegalStateException(
            "The sign-in throttle needs a window of at least 1s and limits of at least 1");
      }
    }
  }

  /**
   * Registrations allowed per client address within a fixed window, every attempt counted whatever
   * its answer: each costs a password hash and opens a funded wallet, and a refused one ("username
   * taken") tells whether an account exists.
   */
  public record RegistrationLimit(
      @DefaultValue("1h") Duration window, @DefaultValue("10") int perAddress) {

    public RegistrationLimit {
      if (window.toMillis() < 1000 || perAddress < 1) {
        throw new IllegalStateException(
            "The registration limit needs a window of at least 1s and a limit of at least 1");
      }
    }
  }
}
