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
import java.time.Duration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;

/**
 * Fetches a document from a service by its registered name: {@code http://user/x} goes to one of
 * the running {@code user} instances. A host that is not a registered service is used as it is.
 */
public final class ServiceInstanceResourceRetriever implements ResourceRetriever {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final String JWK_SET_TYPES = "application/jwk-set+json, application/json";

  private final LoadBalancerClient loadBalancer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  public ServiceInstanceResourceRetriever(LoadBalancerClient loadBalancer) {
    this.loadBalancer = loadBalancer;
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
        HttpRequest.newBuilder(target)
            .timeout(TIMEOUT)
            .header("Accept", JWK_SET_TYPES)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + target, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(target + " answered " + response.statusCode());
    }
    return new Resource(
        response.body(), response.headers().firstValue("Content-Type").orElse(null));
  }
}
