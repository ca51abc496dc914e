package org.sagashop.payment.command;

/**
 * The bounds of money an account accepts. The aggregate enforces them and the web layer validates
 * requests against the same values, so a deposit the API accepts is never refused later for its
 * size.
 */
public final class AccountLimits {

  public static final String MIN_DEPOSIT = "0.01";
  public static final String MAX_DEPOSIT = "100000.00";
  public static final int MONEY_DECIMALS = 2;

  private AccountLimits() {}
}
