package org.sagashop.order.query;

/** One page of a buyer's orders, newest first: page {@code page} of {@code limit} orders each. */
public record FindOrdersOfUserQuery(String userId, int page, int limit) {

  public FindOrdersOfUserQuery {
    if (page < 0 || limit < 1) {
      throw new IllegalArgumentException("page must be 0 or more and limit 1 or more");
    }
  }
}
