package org.sagashop.order.placement;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The order requests made with an {@code Idempotency-Key}: which order each key placed, and a
 * fingerprint of the request body, so that a repeat of the same request gets the same order and a
 * different request under a used key is refused.
 */
@Component
public class OrderRequests {

  /** An earlier request under the same key. */
  public record Earlier(String fingerprint, String orderId) {}

  private final JdbcTemplate jdbc;

  public OrderRequests(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Earlier> find(String userId, String idempotencyKey) {
    return jdbc
        .query(
            "select request_fingerprint, order_id from order_request"
                + " where user_id = ? and idempotency_key = ?",
            (row, i) -> new Earlier(row.getString(1), row.getString(2)),
            userId,
            idempotencyKey)
        .stream()
        .findFirst();
  }

  /**
   * Claims the key for a new order, in the caller's transaction. If a concurrent request holds the
   * key, this waits for it to commit and answers with that request instead.
   */
  public Optional<Earlier> claim(
      String userId, String idempotencyKey, String fingerprint, String orderId) {
    int inserted =
        jdbc.update(
            "insert into order_request"
                + " (user_id, idempotency_key, request_fingerprint, order_id, created_at)"
                + " values (?, ?, ?, ?, now()) on conflict do nothing",
            userId,
            idempotencyKey,
            fingerprint,
            orderId);
    return inserted == 1 ? Optional.empty() : find(userId, idempotencyKey);
  }
}
