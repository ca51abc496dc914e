package org.sagashop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;

/**
 * One shopper tries every way a client could to see or touch another shopper's orders, wallet and
 * notifications: all of it is refused, none of it leaks, and the owner's data stays as it was.
 */
class OwnershipSystemTest {

  private static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);
  private static final Shop shop = new Shop();

  private static User owner;
  private static User intruder;
  private static List<String> ownerOrders;
  private static String intruderOrder;

  /** One try of the intruder's, and what a correct answer to it is. */
  record Attempt(
      String name,
      String method,
      String path,
      String token,
      Map<String, String> headers,
      Set<Integer> refusedWith,
      byte[] body) {

    /** A read or list the intruder may make, answered with the intruder's own data only. */
    boolean ownDataAllowed() {
      return refusedWith.isEmpty();
    }
  }

  @BeforeAll
  static void ownerHasOrdersAndNotifications() {
    String admin = shop.adminToken();
    String product = shop.createProduct(admin, "Ownership mug " + UUID.randomUUID(), "4.00", 100);
    owner = shop.registerAndLogin();
    intruder = shop.registerAndLogin();
    shop.awaitWallet(owner);
    shop.awaitWallet(intruder);
    ownerOrders = List.of(placeAndFinish(owner, product, 1), placeAndFinish(owner, product, 2));
    intruderOrder = placeAndFinish(intruder, product, 1);
    for (String orderId : ownerOrders) {
      shop.awaitNotificationKinds(owner, orderId, SAGA_TIMEOUT, "PLACED", "COMPLETED");
    }
    shop.awaitNotificationKinds(intruder, intruderOrder, SAGA_TIMEOUT, "PLACED", "COMPLETED");
  }

  @Test
  void anotherShoppersOrdersWalletAndNotificationsAreOutOfReach() {
    JsonNode ordersBefore = shop.get("/api/orders", owner.token()).body();
    JsonNode notificationsBefore = shop.get("/api/notifications?limit=200", owner.token()).body();
    BigDecimal balanceBefore = shop.balanceOf(owner);
    List<JsonNode> eachOrderBefore =
        ownerOrders.stream().map(OwnershipSystemTest::ownersView).toList();

    List<Attempt> attempts = attempts();
    assertThat(attempts).hasSizeGreaterThanOrEqualTo(100);
    RatePacer pacer = new RatePacer();
    List<String> failures = new ArrayList<>();
    for (Attempt attempt : attempts) {
      pacer.awaitTurn(attempt.token());
      Response response =
          shop.sendRaw(
              attempt.method(),
              attempt.path(),
              attempt.body(),
              false,
              attempt.token(),
              attempt.headers());
      String failure = judge(attempt, response);
      if (failure != null) {
        failures.add(attempt.name() + " -> " + failure);
      }
    }
    System.out.println("Ownership: " + attempts.size() + " attempts by another shopper");

    SoftAssertions.assertSoftly(
        softly -> {
          softly.assertThat(failures).as("attempts that were not refused or leaked").isEmpty();
          softly.assertThat(shop.balanceOf(owner)).isEqualByComparingTo(balanceBefore);
          softly.assertThat(shop.get("/api/orders", owner.token()).body()).isEqualTo(ordersBefore);
          softly
              .assertThat(shop.get("/api/notifications?limit=200", owner.token()).body())
              .isEqualTo(notificationsBefore);
          softly
              .assertThat(ownerOrders.stream().map(OwnershipSystemTest::ownersView).toList())
              .isEqualTo(eachOrderBefore);
        });
  }

  /** Why the answer is wrong, or null when it refused (or kept to the intruder's own data). */
  private static String judge(Attempt attempt, Response response) {
    String raw = response.raw() == null ? "" : response.raw();
    if (response.status() == 429) {
      return "429: the attempts were not paced enough to stay under the rate limits";
    }
    if (attempt.ownDataAllowed()) {
      if (response.status() != 200) {
        return "answered " + response.status() + ": " + raw;
      }
    } else if (!attempt.refusedWith().contains(response.status())) {
      return "answered " + response.status() + " instead of " + attempt.refusedWith() + ": " + raw;
    }
    String sent = attempt.path() + " " + attempt.headers();
    String request =
        (sent + " " + URLDecoder.decode(sent, StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT);
    for (String secret : ownersSecrets()) {
      // a refusal may repeat the id the intruder sent; anything else of the owner's is a leak
      if (!request.contains(secret.toLowerCase(Locale.ROOT))
          && raw.toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT))) {
        return "the answer contains the owner's " + secret + ": " + raw;
      }
    }
    return null;
  }

  private static List<String> ownersSecrets() {
    List<String> secrets = new ArrayList<>(ownerOrders);
    secrets.add(owner.userId());
    secrets.add(owner.username());
    return secrets;
  }

  // ---- what the intruder tries

  private static List<Attempt> attempts() {
    List<Attempt> attempts = new ArrayList<>();
    for (String orderId : ownerOrders) {
      for (String variant : pathVariants(orderId)) {
        // the id itself and its case variants name the order: not the intruder's, so 404; a
        // twisted one may no longer be an id at all, and is then refused as such (400)
        Set<Integer> expected = variant.equalsIgnoreCase(orderId) ? Set.of(404) : Set.of(400, 404);
        attempts.add(
            new Attempt(
                "read the owner's order as " + variant,
                "GET",
                "/api/orders/" + variant,
                intruder.token(),
                Map.of(),
                expected,
                null));
        attempts.add(
            new Attempt(
                "follow the owner's order as " + variant,
                "GET",
                "/api/orders/" + variant + "/updates",
                intruder.token(),
                Map.of("Accept", "text/event-stream"),
                expected,
                null));
      }
      for (String method : List.of("DELETE", "PUT", "PATCH", "POST")) {
        attempts.add(
            refused(method + " the owner's order", method, "/api/orders/" + orderId, 404, 405));
      }
      attempts.add(
          refused(
              "cancel the owner's order", "POST", "/api/orders/" + orderId + "/cancel", 404, 405));
      attempts.add(
          refused(
              "read the owner's order with the owner's id as a header",
              "GET",
              "/api/orders/" + orderId,
              Map.of("X-User-Id", owner.userId()),
              404));
    }
    for (int i = 0; i < 25; i++) {
      attempts.add(refused("guess an order id", "GET", "/api/orders/" + UUID.randomUUID(), 404));
    }
    for (String orderId : ownerOrders) {
      for (int position : List.of(0, 9, 35)) {
        String neighbour = neighbourOf(orderId, position);
        attempts.add(
            refused(
                "guess a neighbour of the owner's order", "GET", "/api/orders/" + neighbour, 404));
      }
    }
    String ownerId = owner.userId();
    for (String path :
        List.of(
            "/api/orders",
            "/api/orders?userId=" + ownerId,
            "/api/orders?user=" + ownerId + "&buyer=" + ownerId,
            "/api/notifications",
            "/api/notifications?limit=200",
            "/api/notifications?userId=" + ownerId + "&limit=200",
            "/api/wallet",
            "/api/wallet?accountId=" + ownerId,
            "/api/users/me",
            "/api/users/me?userId=" + ownerId)) {
      attempts.add(ownData("list as the intruder: " + path, path, Map.of()));
      attempts.add(
          ownData(
              "list as the intruder, claiming the owner's id in headers: " + path,
              path,
              Map.of("X-User-Id", ownerId, "X-Forwarded-User", ownerId, "X-Auth-User", ownerId)));
    }
    attempts.add(
        new Attempt(
            "deposit into the owner's account",
            "POST",
            "/api/wallet/deposits",
            intruder.token(),
            Map.of("Content-Type", "application/json"),
            Set.of(400),
            ("{\"amount\":1.00,\"accountId\":\"" + ownerId + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
    attempts.add(
        new Attempt(
            "deposit into the owner's account by path",
            "POST",
            "/api/wallet/" + ownerId + "/deposits",
            intruder.token(),
            Map.of("Content-Type", "application/json"),
            Set.of(404, 405),
            "{\"amount\":1.00}".getBytes(StandardCharsets.UTF_8)));
    attempts.add(refused("read the owner's wallet by path", "GET", "/api/wallet/" + ownerId, 404));
    attempts.add(
        refused(
            "read the owner's notifications by path", "GET", "/api/notifications/" + ownerId, 404));
    attempts.add(refused("read the owner's profile by path", "GET", "/api/users/" + ownerId, 404));
    for (String forged : forgedTokensOfTheOwner()) {
      for (String path :
          List.of(
              "/api/orders",
              "/api/orders/" + ownerOrders.get(0),
              "/api/wallet",
              "/api/notifications")) {
        attempts.add(
            new Attempt(
                "a forged token for the owner: " + path,
                "GET",
                path,
                forged,
                Map.of(),
                Set.of(401),
                null));
      }
    }
    return attempts;
  }

  /** The owner's order id as a client might twist it: case, encoding, slashes, padding. */
  private static List<String> pathVariants(String orderId) {
    String encoded =
        orderId.chars().mapToObj(c -> String.format("%%%02X", c)).collect(Collectors.joining());
    return List.of(
        orderId,
        orderId.toUpperCase(Locale.ROOT),
        orderId.substring(0, 8).toUpperCase(Locale.ROOT) + orderId.substring(8),
        encoded,
        orderId + "/",
        orderId + "//",
        "/" + orderId,
        "./" + orderId,
        orderId + ";a=b",
        orderId + ".json",
        orderId + "%20",
        "%20" + orderId,
        orderId.replace("-", ""),
        "%7B" + orderId + "%7D",
        URLEncoder.encode(orderId + "' OR '1'='1", StandardCharsets.UTF_8));
  }

  /** The id with one hex digit changed, as someone guessing ids near a known one would. */
  private static String neighbourOf(String id, int position) {
    char c = id.charAt(position);
    char changed = Character.forDigit((Character.digit(c, 16) + 1) % 16, 16);
    return id.substring(0, position) + changed + id.substring(position + 1);
  }

  /**
   * Tokens naming the owner that the intruder could make: unsigned, signed with a guessed key, and
   * the intruder's own token with the owner put into its claims.
   */
  private static List<String> forgedTokensOfTheOwner() {
    long now = Instant.now().getEpochSecond();
    String claims =
        "{\"sub\":\""
            + owner.userId()
            + "\",\"username\":\""
            + owner.username()
            + "\",\"roles\":[\"USER\"],\"iss\":\"sagashop\",\"aud\":\"sagashop-api\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 3600)
            + "}";
    String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(claims) + ".";
    String header = base64("{\"alg\":\"HS256\"}");
    String guessedKey = header + "." + base64(claims);
    guessedKey = guessedKey + "." + hmac(guessedKey, "local-development-only-jwt-secret-guess");
    String[] intruders = intruder.token().split("\\.");
    String swapped = intruders[0] + "." + base64(claims) + "." + intruders[2];
    return List.of(unsigned, guessedKey, swapped);
  }

  private static Attempt refused(String name, String method, String path, Integer... statuses) {
    return refused(name, method, path, Map.of(), statuses);
  }

  private static Attempt refused(
      String name, String method, String path, Map<String, String> headers, Integer... statuses) {
    return new Attempt(name, method, path, intruder.token(), headers, Set.of(statuses), null);
  }

  private static Attempt ownData(String name, String path, Map<String, String> headers) {
    return new Attempt(name, "GET", path, intruder.token(), headers, Set.of(), null);
  }

  // ---- helpers

  private static String base64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String hmac(String content, String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static JsonNode ownersView(String orderId) {
    Response order = shop.get("/api/orders/" + orderId, owner.token());
    assertThat(order.status()).isEqualTo(200);
    return order.body();
  }

  private static String placeAndFinish(User buyer, String product, int quantity) {
    Response placed =
        shop.placeOrder(buyer, Map.of(product, quantity), UUID.randomUUID().toString());
    assertThat(placed.status()).as(placed.raw()).isEqualTo(202);
    String orderId = placed.body().get("orderId").asText();
    await("order " + orderId + " to complete")
        .atMost(SAGA_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              Response order = shop.get("/api/orders/" + orderId, buyer.token());
              return order.status() == 200
                  && "COMPLETED".equals(order.body().get("status").asText());
            });
    return orderId;
  }
}
