package org.sagashop.accesstokens;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;

/**
 * Fetches a document from a service by its registered name: {@code http://user/x} goes to one of
 * the running {@code user} instances. A host that is not a registered service is used as it is.
 *
 * <p>A fetch gives up after {@link #CONNECT_TIMEOUT} without a connection and after {@link
 * #RESPONSE_TIMEOUT} without the whole response, body included: an instance that accepts the
 * request and then stalls must not hold the caller (a request waiting for its token to be checked)
 * for ever. The JDK client's own request timeout stops at the response headers, so it is not used:
 * the whole exchange is bounded here.
 */
public final class ServiceInstanceResourceRetriever implements ResourceRetriever {

  /**
   * Generous for a local network: the JDK client also counts the time its selector thread takes to
   * notice the connection, which on a busy machine is not nothing.
   */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** For the whole exchange, from sending the request to the last byte of the body. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);

  static final String JWK_SET_TYPES = "application/jwk-set+json, application/json";

  private final LoadBalancerClient loadBalancer;
  private final Duration responseTimeout;
  private final HttpClient http;

  public ServiceInstanceResourceRetriever(LoadBalancerClient loadBalancer) {
    this(loadBalancer, CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
  }

  ServiceInstanceResourceRetriever(
      LoadBalancerClient loadBalancer, Duration connectTimeout, Duration responseTimeout) {
    this.loadBalancer = loadBalancer;
    this.responseTimeout = responseTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    URI target;
    try {
      target = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("not a valid address: " + url, e);
    }
    ServiceInstance instance = loadBalancer == null ? null : loadBalancer.choose(target.getHost());
    if (instance != null) {
      target = loadBalancer.reconstructURI(instance, target);
    }
    HttpRequest request =
        HttpRequest.newBuilder(target).header("Accept", JWK_SET_TYPES).GET().build();
    HttpResponse<String> response = fetch(request);
    if (response.statusCode() != 200) {
      throw new IOException(target + " answered " + response.statusCode());
    }
    return new Resource(
        response.body(), response.headers().firstValue("Content-Type").orElse(null));
  }

  private HttpResponse<String> fetch(HttpRequest request) throws IOException {
    CompletableFuture<HttpResponse<String>> exchange =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      return exchange.get(responseTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // cancelling the exchange closes its connection, so a stalled response leaks nothing
      exchange.cancel(true);
      throw new HttpTimeoutException(
          request.uri()
              + " did not send the whole response within "
              + responseTimeout.toMillis()
              + " ms");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException cause
          ? new IOException("cannot fetch " + request.uri() + ": " + cause.getMessage(), cause)
          : new IOException("cannot fetch " + request.uri(), e.getCause());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + request.uri(), e);
    }
  }
}
