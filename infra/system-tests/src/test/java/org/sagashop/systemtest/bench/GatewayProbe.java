package org.sagashop.systemtest.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.sagashop.systemtest.RatePacer;
import org.sagashop.systemtest.Shop;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.faults.Workload;

/**
 * The gateway's own share of a request's latency, measured while the load runs: the same read
 * ({@code GET /api/products/{id}}, public) through the gateway and straight at the product service,
 * one after the other, a few times a second.
 */
final class GatewayProbe {

  private final Shop gateway;
  private final Shop direct;
  private final RatePacer pacer;
  private final String path;
  private final List<Duration> throughGateway = new ArrayList<>();
  private final List<Duration> straight = new ArrayList<>();
  private int failed;

  GatewayProbe(Shop gateway, Shop direct, RatePacer pacer, String path) {
    this.gateway = gateway;
    this.direct = direct;
    this.pacer = pacer;
    this.path = path;
  }

  void runWhile(BooleanSupplier going) {
    while (going.getAsBoolean()) {
      pacer.awaitTurn(null);
      Duration viaGateway = time(gateway);
      Duration viaService = time(direct);
      synchronized (this) {
        if (viaGateway == null || viaService == null) {
          failed++;
        } else {
          throughGateway.add(viaGateway);
          straight.add(viaService);
        }
      }
      Workload.sleep(Duration.ofMillis(250));
    }
  }

  private Duration time(Shop shop) {
    long start = System.nanoTime();
    try {
      Response response = shop.get(path, null);
      return response.status() == 200 ? Duration.ofNanos(System.nanoTime() - start) : null;
    } catch (RuntimeException unreachable) {
      return null;
    }
  }

  synchronized String summary() {
    return "GET "
        + path.replaceAll("/[0-9a-f-]{36}$", "/{id}")
        + " through the gateway: "
        + BenchmarkRun.percentiles(throughGateway)
        + "\n"
        + "  the same straight at the product service: "
        + BenchmarkRun.percentiles(straight)
        + (failed > 0 ? "; " + failed + " probes failed" : "");
  }
}
