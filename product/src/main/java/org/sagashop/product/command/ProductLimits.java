package org.sagashop.product.command;

/**
 * The bounds of a product's data. The aggregate enforces them and the web layer validates requests
 * against the same values, so a request the API accepts is never refused later for its size, and
 * the catalog's columns always hold what the aggregate accepted.
 */
public final class ProductLimits {

  public static final int MAX_NAME_LENGTH = 100;
  public static final int MAX_DESCRIPTION_LENGTH = 1000;
  public static final String MIN_PRICE = "0.01";
  public static final String MAX_PRICE = "1000000";
  public static final int PRICE_DECIMALS = 2;
  public static final int MAX_STOCK_CHANGE = 1_000_000;

  private ProductLimits() {}
}
