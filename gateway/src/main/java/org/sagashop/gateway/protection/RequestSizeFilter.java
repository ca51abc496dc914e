package org.sagashop.gateway.protection;

import java.util.Optional;
import org.sagashop.gateway.web.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies above the configured size, on every route the gateway serves, before any
 * service sees them. A declared length is checked up front; a body sent without one (chunked) is
 * read up to the limit first, so an oversized one never reaches a service either. API bodies are
 * small JSON documents, so the gateway reads every body whole and forwards it with its exact
 * length; the bytes are kept in the exchange for the filters after this one ({@link #BODY}).
 */
@Component
class RequestSizeFilter implements WebFilter, Ordered {

  /** Exchange attribute holding the request body read by this filter, as {@code byte[]}. */
  static final String BODY = RequestSizeFilter.class.getName() + ".body";

  static final int ORDER = ApiRateLimitFilter.ORDER + 10;

  private final long maxBytes;
  private final ProblemResponses problems;

  RequestSizeFilter(ProtectionProperties properties, ProblemResponses problems) {
    this.maxBytes = properties.maxRequestSize().toBytes();
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (!hasBody(request.getHeaders())) {
      return chain.filter(exchange);
    }
    if (request.getHeaders().getContentLength() > maxBytes) {
      return tooLarge(exchange);
    }
    return DataBufferUtils.join(request.getBody(), (int) Math.min(maxBytes, Integer.MAX_VALUE))
        .map(RequestSizeFilter::bytesOf)
        .defaultIfEmpty(new byte[0])
        .map(Optional::of)
        .onErrorReturn(DataBufferLimitException.class, Optional.empty())
        .flatMap(
            read -> {
              if (read.isEmpty()) {
                return tooLarge(exchange);
              }
              byte[] body = read.get();
              exchange.getAttributes().put(BODY, body);
              return chain.filter(
                  exchange.mutate().request(replaying(request, body, exchange)).build());
            });
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  private static boolean hasBody(HttpHeaders headers) {
    return headers.getContentLength() > 0 || headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
  }

  private static byte[] bytesOf(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  /** The same request, its body now from memory and declared with its exact length. */
  private static ServerHttpRequest replaying(
      ServerHttpRequest request, byte[] body, ServerWebExchange exchange) {
    DataBufferFactory buffers = exchange.getResponse().bufferFactory();
    ServerHttpRequest withLength =
        request
            .mutate()
            .headers(
                headers -> {
                  headers.remove(HttpHeaders.TRANSFER_ENCODING);
                  headers.setContentLength(body.length);
                })
            .build();
    return new ServerHttpRequestDecorator(withLength) {
      @Override
      public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> Flux.just(buffers.wrap(body)));
      }
    };
  }

  private Mono<Void> tooLarge(ServerWebExchange exchange) {
    return problems.write(
        exchange,
        HttpStatus.PAYLOAD_TOO_LARGE,
        "The request body is larger than the " + maxBytes + " bytes the API accepts.");
  }
}
