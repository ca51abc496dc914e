package org.sagashop.gateway.web;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.reactive.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns every failure the gateway itself runs into (no such route, no running instance, a service
 * that times out or breaks off) into a problem detail with a reason a person can act on. Answers
 * that come from a service, its own problem details included, never pass through here. Ordered
 * before Spring Boot's default handler, which would answer with its own error format.
 */
@Component
@Order(-2)
public class GatewayErrorHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

  private final ProblemResponses problems;

  public GatewayErrorHandler(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      // part of a service's answer went out already (a broken event stream): nothing to replace
      return Mono.error(error);
    }
    String service = routedService(exchange);
    if (service != null) {
      HttpStatus status = upstreamFailure(error);
      if (status != null) {
        log.warn(
            "{} {} to the {} service failed: {}",
            exchange.getRequest().getMethod(),
            exchange.getRequest().getPath(),
            service,
            error.toString());
        return problems.write(exchange, status, upstreamDetail(status, service));
      }
    }
    if (error instanceof ResponseStatusException statusError) {
      HttpStatus status = HttpStatus.resolve(statusError.getStatusCode().value());
      if (status != null && status.is4xxClientError()) {
        return problems.write(exchange, status, clientErrorDetail(status, exchange, statusError));
      }
    }
    log.error(
        "{} {} failed in the gateway",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        error);
    return problems.write(
        exchange,
        HttpStatus.INTERNAL_SERVER_ERROR,
        "The gateway could not handle this request; please try again shortly.");
  }

  /** The service a matched route sends to, when the route leads to one found by discovery. */
  private static String routedService(ServerWebExchange exchange) {
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    if (route == null) {
      return null;
    }
    URI target = route.getUri();
    return "lb".equals(target.getScheme()) ? target.getHost() : null;
  }

  private static HttpStatus upstreamFailure(Throwable error) {
    if (error instanceof NotFoundException) {
      return HttpStatus.SERVICE_UNAVAILABLE;
    }
    if (error instanceof ResponseStatusException statusError
        && statusError.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
      return HttpStatus.GATEWAY_TIMEOUT;
    }
    if (causedBy(error, ConnectTimeoutException.class)) {
      return HttpStatus.GATEWAY_TIMEOUT;
    }
    // an instance still listed in discovery after it stopped: nobody answers at its address
    if (causedBy(error, ConnectException.class)) {
      return HttpStatus.SERVICE_UNAVAILABLE;
    }
    if (causedBy(error, IOException.class)) {
      return HttpStatus.BAD_GATEWAY;
    }
    return null;
  }

  private static String upstreamDetail(HttpStatus status, String service) {
    return switch (status) {
      case SERVICE_UNAVAILABLE ->
          "The " + service + " service is not available right now; please try again shortly.";
      case GATEWAY_TIMEOUT ->
          "The " + service + " service did not answer in time; please try again shortly.";
      default -> "The " + service + " service broke off its answer; please try again shortly.";
    };
  }

  private static String clientErrorDetail(
      HttpStatus status, ServerWebExchange exchange, ResponseStatusException error) {
    return switch (status) {
      case NOT_FOUND -> "There is nothing at this address.";
      case METHOD_NOT_ALLOWED ->
          "This address does not accept " + exchange.getRequest().getMethod() + " requests.";
      default -> error.getReason() != null ? error.getReason() : status.getReasonPhrase() + ".";
    };
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
