package org.sagashop.order.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * How many order update streams each user has open on this instance. A stream holds a connection, a
 * subscription and a timer for as long as its order runs; without a cap, one account could open
 * thousands and wear the service down while staying under the gateway's request rate. A user who
 * follows a few orders in a few tabs stays far below {@link #MAX_PER_USER}.
 */
@Component
class OrderUpdateStreams {

  static final int MAX_PER_USER = 5;

  private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();

  /** Counts a new stream of {@code userId}, or refuses it with 429 when the user has enough. */
  void open(String userId) {
    boolean[] refused = {false};
    open.compute(
        userId,
        (user, count) -> {
          int current = count == null ? 0 : count;
          if (current >= MAX_PER_USER) {
            refused[0] = true;
            return count;
          }
          return current + 1;
        });
    if (refused[0]) {
      throw new ResponseStatusException(
          HttpStatus.TOO_MANY_REQUESTS,
          "You are following "
              + MAX_PER_USER
              + " orders already: close one of their pages to follow another.");
    }
  }

  /** The stream of {@code userId} has ended. */
  void close(String userId) {
    open.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
  }
}
