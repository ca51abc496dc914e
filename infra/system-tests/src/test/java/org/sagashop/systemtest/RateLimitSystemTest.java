package org.sagashop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;

/**
 * The gateway's per-user limit on the running system (Redis-backed): one user flooding the API gets
 * 429 with Retry-After, while another user's requests, made at the same time, all go through.
 */
class RateLimitSystemTest {

  private static final int FLOOD = 240;

  private final Shop shop = new Shop();

  @Test
  void aFloodingUserIsLimitedWhileAnotherUserIsServed() throws Exception {
    User flooder = shop.registerAndLogin();
    User neighbour = shop.registerAndLogin();
    shop.awaitWallet(neighbour);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    AtomicBoolean flooding = new AtomicBoolean(true);
    try {
      List<Future<Response>> flood = new ArrayList<>();
      for (int i = 0; i < FLOOD; i++) {
        flood.add(threads.submit(() -> shop.get("/api/users/me", flooder.token())));
      }
      Future<List<Integer>> neighbourStatuses =
          Executors.newSingleThreadExecutor()
              .submit(
                  () -> {
                    List<Integer> statuses = new ArrayList<>();
                    RatePacer pacer = new RatePacer();
                    while (flooding.get() || statuses.size() < 10) {
                      pacer.awaitTurn(neighbour.token());
                      statuses.add(shop.get("/api/wallet", neighbour.token()).status());
                    }
                    return statuses;
                  });

      int limited = 0;
      int served = 0;
      List<String> retryAfter = new ArrayList<>();
      for (Future<Response> request : flood) {
        Response response = request.get(60, TimeUnit.SECONDS);
        if (response.status() == 429) {
          limited++;
          retryAfter.add(response.header("Retry-After"));
        } else if (response.status() == 200 || response.status() == 404) {
          served++;
        }
      }
      flooding.set(false);
      List<Integer> neighbours = neighbourStatuses.get(60, TimeUnit.SECONDS);

      System.out.printf(
          "rate limit: %d requests by one user in a burst: %d served, %d refused with 429;"
              + " %d requests by another user meanwhile: %d refused%n",
          FLOOD,
          served,
          limited,
          neighbours.size(),
          neighbours.stream().filter(s -> s == 429).count());
      assertThat(limited).as("requests over the limit").isPositive();
      assertThat(served + limited).isEqualTo(FLOOD);
      assertThat(retryAfter).allSatisfy(value -> assertThat(Integer.parseInt(value)).isPositive());
      assertThat(neighbours).hasSizeGreaterThanOrEqualTo(10).containsOnly(200);
    } finally {
      threads.shutdownNow();
    }
  }
}
