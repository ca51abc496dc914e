package org.sagashop.systemtest;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** The shop as a client sees it: HTTP and JSON through the gateway, nothing else. */
public final class Shop {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI gateway;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Shop() {
    this(gatewayUrl());
  }

  /** The shop as seen at {@code base}: the gateway, or (for security tests) one service's port. */
  public Shop(URI base) {
    this.gateway = base;
  }

  private static URI gatewayUrl() {
    String url = System.getProperty("sagashop.gateway", System.getenv("SAGASHOP_GATEWAY_URL"));
    return URI.create(url == null ? "http://localhost:8080" : url);
  }

  public record Response(int status, Map<String, List<String>> headers, JsonNode body, String raw) {

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** A signed-in shopper. */
  public record User(String userId, String username, String token) {}

  public Response get(String path, String token) {
    return send("GET", path, null, token, Map.of());
  }

  public Response post(String path, Object body, String token) {
    return send("POST", path, body, token, Map.of());
  }

  public Response send(
      String method, String path, Object body, String token, Map<String, String> headers) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(20));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      headers.forEach(request::header);
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        String json = body instanceof String raw ? raw : JSON.writeValueAsString(body);
        request.header("Content-Type", "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofString(json));
      }
      return exchange(request.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends exactly the given bytes, path and headers, with none of the care {@link #send} takes: the
   * path is not normalised, the body need not be JSON (nor UTF-8), and {@code chunked} sends it
   * without a declared length.
   */
  Response sendRaw(
      String method,
      String rawPath,
      byte[] body,
      boolean chunked,
      String token,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway.toString().replaceAll("/+$", "") + rawPath))
            .timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else if (chunked) {
      request.method(
          method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return exchange(request.build());
  }

  private Response exchange(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String raw = response.body();
      JsonNode parsed = null;
      if (raw != null && !raw.isBlank()) {
        try {
          parsed = JSON.readTree(raw);
        } catch (IOException notJson) {
          parsed = null;
        }
      }
      return new Response(response.statusCode(), response.headers().map(), parsed, raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads server-sent events until the stream ends or {@code max} events arrived. */
  List<JsonNode> follow(String path, String token, int max, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(gateway.resolve(path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    List<JsonNode> events = new ArrayList<>();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        throw new AssertionError("updates answered " + response.statusCode());
      }
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        StringBuilder data = new StringBuilder();
        String line;
        while (events.size() < max && (line = lines.readLine()) != null) {
          if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
          } else if (line.isEmpty() && data.length() > 0) {
            events.add(JSON.readTree(data.toString()));
            data.setLength(0);
          }
        }
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public User registerAndLogin() {
    String username = "shopper_" + UUID.randomUUID().toString().substring(0, 8);
    String password = "correct-horse-" + UUID.randomUUID().toString().substring(0, 6);
    Response registered =
        post(
            "/api/auth/register",
            Map.of(
                "username",
                username,
                "password",
                password,
                "displayName",
                "Shopper " + username,
                "email",
                username + "@example.org"),
            null);
    if (registered.status() != 201) {
      throw new AssertionError("register answered " + registered.status() + " " + registered.raw());
    }
    return new User(registered.body().get("userId").asText(), username, login(username, password));
  }

  public String login(String username, String password) {
    Response login =
        post("/api/auth/login", Map.of("username", username, "password", password), null);
    if (login.status() != 200) {
      throw new AssertionError("login answered " + login.status() + " " + login.raw());
    }
    return login.body().get("accessToken").asText();
  }

  public String adminToken() {
    String username = System.getenv().getOrDefault("SAGASHOP_ADMIN_USERNAME", "admin");
    String password = System.getenv().getOrDefault("SAGASHOP_ADMIN_PASSWORD", "admin-local-only");
    return login(username, password);
  }

  public String createProduct(String adminToken, String name, String price, int stock) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    body.put("description", "System test product " + name);
    body.put("price", new BigDecimal(price));
    body.put("initialStock", stock);
    Response created = post("/api/products", body, adminToken);
    if (created.status() != 201) {
      throw new AssertionError("create product answered " + created.status() + " " + created.raw());
    }
    return created.body().get("productId").asText();
  }

  /** The user's wallet balance, or null while the wallet does not exist yet. */
  public BigDecimal balanceOf(User user) {
    Response wallet = get("/api/wallet", user.token());
    return wallet.status() == 200 ? wallet.body().get("balance").decimalValue() : null;
  }

  /**
   * Waits until the user's wallet exists and returns its balance: payment opens it when it sees the
   * user's registration, a moment after sign-up answered.
   */
  public BigDecimal awaitWallet(User user) {
    AtomicReference<BigDecimal> balance = new AtomicReference<>();
    await("wallet of " + user.username())
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              balance.set(balanceOf(user));
              return balance.get() != null;
            });
    return balance.get();
  }

  /** Waits until the user has been told each of {@code kinds} about the order. */
  public void awaitNotificationKinds(User user, String orderId, Duration atMost, String... kinds) {
    await("notifications of " + orderId)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              Response response = get("/api/notifications?limit=200", user.token());
              if (response.status() != 200) {
                return false;
              }
              List<String> seen = new ArrayList<>();
              response
                  .body()
                  .forEach(
                      n -> {
                        if (orderId.equals(n.get("orderId").asText())) {
                          seen.add(n.get("kind").asText());
                        }
                      });
              return seen.containsAll(List.of(kinds));
            });
  }

  /** An order's body: {@code lines} maps product ids to quantities. */
  public static ObjectNode orderBody(Map<String, Integer> lines) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray("items");
    lines.forEach(
        (productId, quantity) ->
            items.addObject().put("productId", productId).put("quantity", quantity));
    return body;
  }

  /**
   * Places an order with {@code idempotencyKey} and returns the answer, as a client that retries
   * would: the order service's copy of the catalog follows product events, so a product created a
   * moment ago may not be orderable yet (404), and a service may be briefly unavailable (5xx); both
   * are sent again with the same key for up to 30 s.
   */
  public Response placeOrder(User buyer, Map<String, Integer> lines, String idempotencyKey) {
    Map<String, String> headers = Map.of("Idempotency-Key", idempotencyKey);
    Response[] placed = new Response[1];
    await("order to be accepted")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              placed[0] = send("POST", "/api/orders", orderBody(lines), buyer.token(), headers);
              return placed[0].status() != 404 && placed[0].status() < 500;
            });
    return placed[0];
  }
}
