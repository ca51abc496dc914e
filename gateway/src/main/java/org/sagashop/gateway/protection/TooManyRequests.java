package org.sagashop.gateway.protection;

import org.sagashop.gateway.web.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A 429 problem detail that tells the client when to try again. */
final class TooManyRequests {

  private TooManyRequests() {}

  static Mono<Void> write(
      ProblemResponses problems,
      ServerWebExchange exchange,
      long retryAfterSeconds,
      String detail) {
    long seconds = Math.max(1, retryAfterSeconds);
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return problems.write(
        exchange,
        HttpStatus.TOO_MANY_REQUESTS,
        detail + " Please wait " + seconds + (seconds == 1 ? " second" : " seconds") + ".");
  }
}
