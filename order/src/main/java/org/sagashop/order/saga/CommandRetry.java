package org.sagashop.order.saga;

/**
 * The payload of a retry deadline: which command the saga sends again when it fires.
 *
 * @param orderId the order the saga runs for, so that a stored deadline says whose it is
 * @param productId the line the command is about (reservations and releases); {@code null} for
 *     commands about the whole order
 * @param attempt the number of the attempt this retry makes, counting the first send as 1
 */
public record CommandRetry(String orderId, String productId, int attempt) {

  static CommandRetry first(String orderId, String productId) {
    return new CommandRetry(orderId, productId, 1);
  }

  CommandRetry next() {
    return new CommandRetry(orderId, productId, attempt + 1);
  }
}
