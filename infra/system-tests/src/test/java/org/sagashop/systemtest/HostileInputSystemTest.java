package org.sagashop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sagashop.systemtest.Shop.Response;
import org.sagashop.systemtest.Shop.User;

/**
 * Sends a corpus of malformed requests to every endpoint that takes a body, a parameter or an id,
 * through the gateway: each must be refused with a 4xx problem detail that says why, and none may
 * change anything, which the services' event stores prove.
 */
class HostileInputSystemTest {

  private static final Shop shop = new Shop();
  private static final EventStores eventStores = new EventStores();
  private static final Duration SETTLED_AFTER = Duration.ofSeconds(3);
  private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(90);

  private static final String LONG = "a".repeat(10_000);
  private static final String SQL = "' OR 1=1 --";
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String JNDI = "${jndi:ldap://x/a}";
  private static final String TRAVERSAL = "../../etc/passwd";
  private static final int OVERSIZED = 70 * 1024;

  private static String admin;
  private static List<User> shoppers;
  private static User signInProbe;
  private static String signInProbePassword;
  private static String product;

  /** A request of the corpus, sent as is, and who sends it. */
  record Attack(
      String name,
      String method,
      String path,
      byte[] body,
      boolean chunked,
      String token,
      Map<String, String> headers) {}

  /** A request's JSON body as field name to raw JSON text, in order. */
  private record Body(LinkedHashMap<String, String> fields) {

    static Body of(String... namesAndRawValues) {
      LinkedHashMap<String, String> fields = new LinkedHashMap<>();
      for (int i = 0; i < namesAndRawValues.length; i += 2) {
        fields.put(namesAndRawValues[i], namesAndRawValues[i + 1]);
      }
      return new Body(fields);
    }

    Body with(String field, String raw) {
      LinkedHashMap<String, String> changed = new LinkedHashMap<>(fields);
      changed.put(field, raw);
      return new Body(changed);
    }

    Body without(String field) {
      LinkedHashMap<String, String> changed = new LinkedHashMap<>(fields);
      changed.remove(field);
      return new Body(changed);
    }

    String json() {
      return fields.entrySet().stream()
          .map(field -> quote(field.getKey()) + ":" + field.getValue())
          .collect(Collectors.joining(",", "{", "}"));
    }
  }

  @BeforeAll
  static void prepareTheTargetsOfTheCorpus() {
    admin = shop.adminToken();
    product = shop.createProduct(admin, "Hostile target " + UUID.randomUUID(), "9.99", 50);
    shoppers = List.of(shop.registerAndLogin(), shop.registerAndLogin(), shop.registerAndLogin());
    signInProbePassword = "probe-" + UUID.randomUUID();
    String probeName = "probe_" + UUID.randomUUID().toString().substring(0, 8);
    Response registered =
        shop.post(
            "/api/auth/register",
            Map.of(
                "username",
                probeName,
                "password",
                signInProbePassword,
                "displayName",
                "Probe",
                "email",
                probeName + "@example.org"),
            null);
    assertThat(registered.status()).isEqualTo(201);
    signInProbe =
        new User(
            registered.body().get("userId").asText(),
            probeName,
            shop.login(probeName, signInProbePassword));
    // the order service prices lines from its own copy of the catalog, kept from product events
    await("the product to reach the order service's catalog")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> orderServiceKnows(product));
    shoppers.forEach(shop::awaitWallet);
  }

  @Test
  void everyMalformedRequestIsRefusedWithAProblemDetailAndChangesNothing() {
    List<Attack> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(500);
    EventStores.Snapshot before = eventStores.awaitQuiet(SETTLED_AFTER, SETTLE_AT_MOST);

    RatePacer pacer = new RatePacer();
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Attack attack : corpus) {
      pacer.awaitTurn(attack.token());
      Response response =
          shop.sendRaw(
              attack.method(),
              attack.path(),
              attack.body(),
              attack.chunked(),
              attack.token(),
              attack.headers());
      statuses.merge(response.status(), 1, Integer::sum);
      String failure = judge(response);
      if (failure != null) {
        failures.add(attack.name() + " -> " + failure);
      }
    }
    EventStores.Snapshot after = eventStores.awaitQuiet(SETTLED_AFTER, SETTLE_AT_MOST);

    System.out.println(summary(corpus.size(), statuses));
    SoftAssertions.assertSoftly(
        softly -> {
          softly.assertThat(failures).as("answers that are not a 4xx problem detail").isEmpty();
          softly
              .assertThat(after.counts())
              .as("events appended while the corpus ran: %s", eventStores.appendedSince(before))
              .isEqualTo(before.counts());
        });
  }

  /**
   * Wrong passwords for one account, in a body whose charset is not UTF-8, must be counted against
   * that account like any others (issue #12: fifteen such guesses were once all answered 401). The
   * right password from another address would still get in; on one machine every client has the
   * same address, so that half is proven by the gateway's LoginThrottleTest.
   */
  @Test
  void guessesAtOneAccountAreCountedWhateverTheCharsetOfTheBody() {
    User victim = shop.registerAndLogin();
    int perAccount = 10;
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i <= perAccount; i++) {
      byte[] body =
          ("{\"username\":"
                  + quote(victim.username())
                  + ",\"password\":\"g\u00e4ss-wrong-"
                  + i
                  + "\"}")
              .getBytes(StandardCharsets.ISO_8859_1);
      statuses.add(
          shop.sendRaw(
                  "POST",
                  "/api/auth/login",
                  body,
                  false,
                  null,
                  Map.of("Content-Type", "application/json;charset=ISO-8859-1"))
              .status());
    }
    Response unreadable =
        shop.sendRaw(
            "POST",
            "/api/auth/login",
            "{}".getBytes(StandardCharsets.US_ASCII),
            false,
            null,
            Map.of("Content-Type", "application/json;charset=x-no-such-charset"));

    System.out.println(
        "sign-in guesses in ISO-8859-1 at one account: "
            + statuses
            + "; unknown charset: "
            + unreadable.status());
    assertThat(statuses.subList(0, perAccount)).containsOnly(401);
    assertThat(statuses.get(perAccount)).isEqualTo(429);
    assertThat(unreadable.status()).isBetween(400, 499);
  }

  /** Why the answer is wrong, or null when it is a proper refusal. */
  private static String judge(Response response) {
    int status = response.status();
    if (status == 429) {
      return "429: the corpus was not paced enough to stay under the rate limits";
    }
    if (status < 400 || status >= 500) {
      return status + " " + abbreviate(response.raw());
    }
    if (status == 414 || status == 431) {
      // refused by the gateway's HTTP codec while reading the request line or headers, before any
      // routing or service: there is no service answer to judge
      return null;
    }
    String contentType = response.header("Content-Type");
    if (contentType == null || !contentType.startsWith("application/problem+json")) {
      return status + " with Content-Type " + contentType + ": " + abbreviate(response.raw());
    }
    if (response.body() == null
        || response.body().get("detail") == null
        || response.body().get("detail").asText().isBlank()) {
      return status + " problem without a detail: " + abbreviate(response.raw());
    }
    return null;
  }

  private static String summary(int sent, Map<Integer, Integer> statuses) {
    Map<String, Integer> classes = new TreeMap<>();
    statuses.forEach((status, count) -> classes.merge(status / 100 + "xx", count, Integer::sum));
    return "Hostile input: "
        + sent
        + " requests sent, by status class "
        + classes
        + ", by status "
        + statuses;
  }

  // ---- the corpus

  private static List<Attack> corpus() {
    List<Attack> corpus = new ArrayList<>();
    corpus.addAll(registrations());
    corpus.addAll(signIns());
    corpus.addAll(productCreations());
    corpus.addAll(restocks());
    corpus.addAll(deposits());
    corpus.addAll(orders());
    corpus.addAll(notificationLimits());
    corpus.addAll(pagesOfOrders());
    corpus.addAll(hostileIdsInPaths());
    corpus.addAll(controlCharacters());
    corpus.addAll(duplicateKeys());
    return corpus;
  }

  /**
   * Control characters (C0, DEL, C1) and bidirectional overrides in every text field of every body:
   * each is refused with 400 before anything is stored (issue #12: a NUL in a display name once
   * jammed a projection).
   */
  private static List<Attack> controlCharacters() {
    List<String> controls =
        strings(
            "a\u0000b",
            "a\u0007b",
            "a\tb",
            "a\nb",
            "a\u001bb",
            "a\u007fb",
            "a\u0085b",
            "a\u202eb",
            "a\u2066b");
    Supplier<Body> registration =
        () -> {
          String name = "ctl_" + UUID.randomUUID().toString().substring(0, 8);
          return Body.of(
              "username",
              quote(name),
              "password",
              quote("correct-horse-battery"),
              "displayName",
              quote("Control"),
              "email",
              quote(name + "@example.org"));
        };
    Target register = new Target("register", "/api/auth/register", null);
    List<Attack> attacks = new ArrayList<>();
    for (String field : List.of("username", "password", "displayName", "email")) {
      attacks.addAll(register.fieldValues(registration, field, controls, List.of()));
    }
    Body newProduct =
        Body.of(
            "name",
            quote("Hostile product"),
            "description",
            quote("Never listed"),
            "price",
            "1.00",
            "initialStock",
            "1");
    Target create = new Target("create product", "/api/products", admin);
    attacks.addAll(create.fieldValues(() -> newProduct, "name", controls, List.of()));
    attacks.addAll(create.fieldValues(() -> newProduct, "description", controls, List.of()));
    Body order = Body.of("items", "[{\"productId\":" + quote(product) + ",\"quantity\":1}]");
    Target place = new Target("place order", "/api/orders", shoppers.get(0).token());
    attacks.addAll(
        place.fieldValues(
            () -> order,
            "items",
            List.of(
                "[{\"productId\":\"" + product + "\\u0000\",\"quantity\":1}]",
                "[{\"productId\":\"\\u202e" + product + "\",\"quantity\":1}]"),
            List.of()));
    return attacks;
  }

  /** The same key twice in a body: refused with 400, never a 500, at the gateway and behind it. */
  private static List<Attack> duplicateKeys() {
    String name = "dup_" + UUID.randomUUID().toString().substring(0, 8);
    return List.of(
        new Target("login", "/api/auth/login", null)
            .withBody(
                "username twice",
                "{\"username\":"
                    + quote(signInProbe.username())
                    + ",\"username\":\"other\",\"password\":"
                    + quote(signInProbePassword)
                    + "}"),
        new Target("login", "/api/auth/login", null)
            .withBody(
                "password twice",
                "{\"username\":"
                    + quote(signInProbe.username())
                    + ",\"password\":\"x\",\"password\":"
                    + quote(signInProbePassword)
                    + "}"),
        new Target("register", "/api/auth/register", null)
            .withBody(
                "username twice",
                "{\"username\":\""
                    + name
                    + "\",\"username\":\""
                    + name
                    + "x\",\"password\":\"correct-horse-battery\",\"displayName\":\"D\","
                    + "\"email\":\""
                    + name
                    + "@example.org\"}"),
        new Target("create product", "/api/products", admin)
            .withBody(
                "price twice",
                "{\"name\":\"Dup\",\"description\":\"d\",\"price\":1.00,\"price\":0.01,"
                    + "\"initialStock\":1}"),
        new Target("restock", "/api/products/" + product + "/restock", admin)
            .withBody("quantity twice", "{\"quantity\":1,\"quantity\":2}"),
        new Target("deposit", "/api/wallet/deposits", shoppers.get(0).token())
            .withBody("amount twice", "{\"amount\":1.00,\"amount\":2.00}"),
        new Target("place order", "/api/orders", shoppers.get(0).token())
            .withBody(
                "items twice",
                "{\"items\":[{\"productId\":" + quote(product) + ",\"quantity\":1}],\"items\":[]}"),
        new Target("place order", "/api/orders", shoppers.get(0).token())
            .withBody(
                "quantity twice in a line",
                "{\"items\":[{\"productId\":"
                    + quote(product)
                    + ",\"quantity\":1,\"quantity\":2}]}"));
  }

  /** Pages of the order list out of bounds: the page size is bounded, and so is the page. */
  private static List<Attack> pagesOfOrders() {
    List<String> queries =
        List.of(
            "limit=0",
            "limit=201",
            "limit=-1",
            "limit=0x10",
            "limit=" + "9".repeat(30),
            "limit=" + encode(SQL),
            "page=-1",
            "page=10001",
            "page=one",
            "page=" + "9".repeat(30));
    List<Attack> attacks = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      attacks.add(
          new Attack(
              "orders?" + abbreviate(queries.get(i)),
              "GET",
              "/api/orders?" + queries.get(i),
              null,
              false,
              shoppers.get(i % shoppers.size()).token(),
              Map.of()));
    }
    return attacks;
  }

  private static List<Attack> registrations() {
    Supplier<Body> valid =
        () -> {
          String name = "hostile_" + UUID.randomUUID().toString().substring(0, 8);
          return Body.of(
              "username",
              quote(name),
              "password",
              quote("correct-horse-battery"),
              "displayName",
              quote("Hostile"),
              "email",
              quote(name + "@example.org"));
        };
    Target register = new Target("register", "/api/auth/register", null);
    List<Attack> attacks = new ArrayList<>(register.shapes(valid, "roles", "[\"ADMIN\"]"));
    attacks.addAll(
        register.fieldValues(
            valid,
            "username",
            strings(
                "", "   ", "ab", "a".repeat(33), LONG, SQL, SCRIPT, JNDI, TRAVERSAL, "a\u0000b"),
            wrongTypesForText()));
    attacks.addAll(
        register.fieldValues(
            valid,
            "password",
            strings("", "short", "a".repeat(73), "\u00fc".repeat(37), LONG),
            wrongTypesForText()));
    attacks.addAll(
        register.fieldValues(
            valid, "displayName", strings("", "   ", "a".repeat(65), LONG), wrongTypesForText()));
    attacks.addAll(
        register.fieldValues(
            valid,
            "email",
            strings("", "   ", "not-an-email", SQL, SCRIPT, JNDI, TRAVERSAL, LONG + "@example.org"),
            wrongTypesForText()));
    return attacks;
  }

  /**
   * Sign-in attempts. The shapes are built on the probe user's real credentials, so a defect the
   * service overlooked shows as a 2xx; only four attempts are well-formed and wrong (401), because
   * the gateway counts failed sign-ins per address and the corpus must not trip that.
   */
  private static List<Attack> signIns() {
    Body valid =
        Body.of("username", quote(signInProbe.username()), "password", quote(signInProbePassword));
    Target login = new Target("login", "/api/auth/login", null);
    List<Attack> attacks =
        new ArrayList<>(login.shapes(() -> valid, "userId", quote(signInProbe.userId())));
    List<String> blankOrWrongType = new ArrayList<>(strings("", "   "));
    blankOrWrongType.addAll(List.of("null", "[]", "{}", "[\"a\"]", nestedArrays(1000)));
    attacks.addAll(login.fieldValues(() -> valid, "username", blankOrWrongType, List.of()));
    attacks.addAll(login.fieldValues(() -> valid, "password", blankOrWrongType, List.of()));
    attacks.addAll(login.fieldValues(() -> valid, "username", strings(SQL, JNDI, LONG), List.of()));
    attacks.addAll(login.fieldValues(() -> valid, "password", List.of("12345678"), List.of()));
    return attacks;
  }

  private static List<Attack> productCreations() {
    Body valid =
        Body.of(
            "name",
            quote("Hostile product"),
            "description",
            quote("Never listed"),
            "price",
            "1.00",
            "initialStock",
            "1");
    Target create = new Target("create product", "/api/products", admin);
    List<Attack> attacks =
        new ArrayList<>(create.shapes(() -> valid, "productId", quote(product), "description"));
    attacks.addAll(
        create.fieldValues(
            () -> valid, "name", strings("", "   ", "a".repeat(101), LONG), wrongTypesForText()));
    attacks.addAll(
        create.fieldValues(
            () -> valid,
            "description",
            strings("a".repeat(1001), LONG),
            List.of("[]", "{}", "[\"a\"]", "12345", "true", nestedArrays(1000))));
    attacks.addAll(create.fieldValues(() -> valid, "price", money("1000000.01"), List.of()));
    attacks.addAll(
        create.fieldValues(() -> valid, "initialStock", integers(0, 1_000_000), List.of()));
    return attacks;
  }

  private static List<Attack> restocks() {
    Body valid = Body.of("quantity", "1");
    Target restock = new Target("restock", "/api/products/" + product + "/restock", admin);
    List<Attack> attacks = new ArrayList<>(restock.shapes(() -> valid, "availableStock", "1000"));
    attacks.addAll(restock.fieldValues(() -> valid, "quantity", integers(1, 1_000_000), List.of()));
    return attacks;
  }

  private static List<Attack> deposits() {
    Body valid = Body.of("amount", "1.00");
    List<Attack> attacks = new ArrayList<>();
    for (int i = 0; i < shoppers.size(); i++) {
      Target deposit =
          new Target("deposit as shopper " + i, "/api/wallet/deposits", shoppers.get(i).token());
      if (i == 0) {
        attacks.addAll(deposit.shapes(() -> valid, "accountId", quote(shoppers.get(1).userId())));
      }
      List<String> amounts = money("100000.01");
      attacks.addAll(
          deposit.fieldValues(
              () -> valid,
              "amount",
              amounts.subList(i * amounts.size() / 3, (i + 1) * amounts.size() / 3),
              List.of()));
    }
    return attacks;
  }

  private static List<Attack> orders() {
    String token = shoppers.get(1).token();
    Target place = new Target("place order", "/api/orders", token);
    Body line = Body.of("productId", quote(product), "quantity", "1");
    Body valid = Body.of("items", "[" + line.json() + "]");
    List<Attack> attacks =
        new ArrayList<>(place.shapes(() -> valid, "userId", quote(UUID.randomUUID().toString())));
    String unknownProduct = quote(UUID.randomUUID().toString());
    attacks.addAll(
        place.fieldValues(
            () -> valid,
            "items",
            List.of(
                "[]",
                "[null]",
                "[[]]",
                "[{}]",
                "[\"" + product + "\"]",
                "[" + line.json() + "," + line.json() + "]",
                "[" + line.json() + ",null]",
                "["
                    + String.join(
                        ",", Collections.nCopies(51, line.with("productId", unknownProduct).json()))
                    + "]",
                "[" + line.with("productId", unknownProduct).json() + "]",
                "[" + line.with("unitPrice", "0.01").json() + "]",
                "[" + nestedArrays(1000) + "]",
                quote(product),
                line.json()),
            List.of("null", "{}", "\"items\"", "42", nestedArrays(1000))));
    List<String> productIds =
        new ArrayList<>(
            strings(
                "",
                "not-a-uuid",
                SQL,
                SCRIPT,
                JNDI,
                TRAVERSAL,
                LONG,
                product + "\n",
                product + " ",
                product.replace("-", "")));
    productIds.addAll(List.of("null", "12345", "true", "[]", "{}", "[" + quote(product) + "]"));
    for (String productId : productIds) {
      attacks.add(
          place.withBody(
              "items[0].productId=" + abbreviate(productId),
              Body.of("items", "[" + line.with("productId", productId).json() + "]").json()));
    }
    for (String quantity : integers(1, 1000)) {
      attacks.add(
          place.withBody(
              "items[0].quantity=" + abbreviate(quantity),
              Body.of("items", "[" + line.with("quantity", quantity).json() + "]").json()));
    }
    attacks.add(
        place.withBody(
            "items[0] without productId",
            Body.of("items", "[" + line.without("productId").json() + "]").json()));
    attacks.add(
        place.withBody(
            "items[0] without quantity",
            Body.of("items", "[" + line.without("quantity").json() + "]").json()));
    for (String key : List.of(" ", "k".repeat(101), "\t")) {
      attacks.add(
          new Attack(
              "place order with Idempotency-Key of " + key.length() + " blank or long characters",
              "POST",
              "/api/orders",
              utf8(valid.json()),
              false,
              token,
              Map.of("Content-Type", "application/json", "Idempotency-Key", key)));
    }
    return attacks;
  }

  private static List<Attack> notificationLimits() {
    List<String> limits =
        List.of(
            "0",
            "-1",
            "-0",
            "201",
            "1.5",
            "1e309",
            "9999999999999999999",
            "2147483648",
            "-2147483649",
            "abc",
            "0x10",
            "true",
            "null",
            "%00",
            "%20",
            "1,2",
            "9".repeat(3000),
            encode(SQL),
            encode(SCRIPT),
            encode(JNDI),
            encode(TRAVERSAL),
            encode("[1]"),
            encode("{\"a\":1}"));
    List<Attack> attacks = new ArrayList<>();
    for (int i = 0; i < limits.size(); i++) {
      attacks.add(
          new Attack(
              "notifications?limit=" + abbreviate(limits.get(i)),
              "GET",
              "/api/notifications?limit=" + limits.get(i),
              null,
              false,
              shoppers.get(i % shoppers.size()).token(),
              Map.of()));
    }
    return attacks;
  }

  private static List<Attack> hostileIdsInPaths() {
    List<String> ids =
        List.of(
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString().toUpperCase(),
            encode(SQL),
            encode(SCRIPT),
            encode(JNDI),
            encode(TRAVERSAL),
            "..%2F..%2Fetc%2Fpasswd",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "..%5C..%5Cetc%5Cpasswd",
            TRAVERSAL,
            "..",
            "%00",
            "%20",
            "null",
            "-1",
            "a".repeat(3000),
            LONG,
            "abc;jsessionid=x",
            encode(product + "/../" + UUID.randomUUID()));
    List<Attack> attacks = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String token = shoppers.get(i % shoppers.size()).token();
      attacks.add(
          new Attack(
              "GET order " + abbreviate(id),
              "GET",
              "/api/orders/" + id,
              null,
              false,
              token,
              Map.of()));
      attacks.add(
          new Attack(
              "follow order " + abbreviate(id),
              "GET",
              "/api/orders/" + id + "/updates",
              null,
              false,
              token,
              Map.of("Accept", "text/event-stream")));
      attacks.add(
          new Attack(
              "GET product " + abbreviate(id),
              "GET",
              "/api/products/" + id,
              null,
              false,
              null,
              Map.of()));
      attacks.add(
          new Attack(
              "restock product " + abbreviate(id),
              "POST",
              "/api/products/" + id + "/restock",
              utf8("{\"quantity\":1}"),
              false,
              admin,
              Map.of("Content-Type", "application/json")));
    }
    return attacks;
  }

  /** One endpoint that takes a JSON body, and the malformed requests it can be sent. */
  private record Target(String name, String path, String token) {

    Attack withBody(String what, String json) {
      return withBytes(what, utf8(json), "application/json");
    }

    Attack withBytes(String what, byte[] body, String contentType) {
      Map<String, String> headers =
          contentType == null ? Map.of() : Map.of("Content-Type", contentType);
      return new Attack(name + ": " + what, "POST", path, body, false, token, headers);
    }

    /**
     * Requests whose shape is wrong, whatever the fields: not JSON, not an object, not UTF-8, too
     * deep, too large, of another media type, or carrying a field the endpoint does not take.
     */
    List<Attack> shapes(
        Supplier<Body> fresh, String sneakyField, String sneakyValue, String... optionalFields) {
      List<String> optional = List.of(optionalFields);
      Supplier<String> json = () -> fresh.get().json();
      // the valid body without its closing brace, for appending a field to
      Supplier<String> open = () -> json.get().substring(0, json.get().length() - 1);
      List<Attack> attacks = new ArrayList<>();
      attacks.add(withBytes("empty body", new byte[0], "application/json"));
      attacks.add(withBytes("no body and no Content-Type", null, null));
      for (String notAnObject :
          List.of("null", "[]", "[" + json.get() + "]", "\"text\"", "42", "true", "{}")) {
        attacks.add(withBody("body " + abbreviate(notAnObject), notAnObject));
      }
      attacks.add(withBody("unknown field", fresh.get().with("unexpected", "1").json()));
      attacks.add(
          withBody(
              "field it does not take: " + sneakyField,
              fresh.get().with(sneakyField, sneakyValue).json()));
      attacks.add(withBody("truncated JSON", open.get()));
      attacks.add(withBody("trailing data after the document", json.get() + " {}"));
      attacks.add(withBody("a second document", json.get() + json.get()));
      attacks.add(withBody("a comment", "/* note */" + json.get()));
      attacks.add(withBody("single quotes", json.get().replace('"', '\'')));
      attacks.add(
          withBytes(
              "invalid UTF-8 in a field name",
              concat(
                  utf8("{\""),
                  new byte[] {(byte) 0xC3, (byte) 0x28},
                  utf8("\":1," + json.get().substring(1))),
              "application/json"));
      attacks.add(
          withBytes(
              "overlong UTF-8 encoding of '/'",
              concat(
                  utf8(open.get() + ",\"x\":\""),
                  new byte[] {(byte) 0xC0, (byte) 0xAF},
                  utf8("\"}")),
              "application/json"));
      attacks.add(
          withBytes(
              "a stray 0xFF byte",
              concat(utf8(open.get()), new byte[] {(byte) 0xFF}, utf8("}")),
              "application/json"));
      attacks.add(withBody("1000 levels of arrays", nestedArrays(1000)));
      attacks.add(withBody("10000 levels of arrays", nestedArrays(10_000)));
      attacks.add(withBody("1000 levels of objects", nestedObjects(1000)));
      attacks.add(withBytes("JSON as text/plain", utf8(json.get()), "text/plain"));
      attacks.add(withBytes("XML", utf8(xml(fresh.get())), "application/xml"));
      attacks.add(withBytes("XML labelled as JSON", utf8(xml(fresh.get())), "application/json"));
      attacks.add(
          withBytes("a form", utf8(form(fresh.get())), "application/x-www-form-urlencoded"));
      attacks.add(withBytes("JSON with no Content-Type", utf8(json.get()), null));
      String padded = open.get() + ",\"padding\":\"" + "a".repeat(OVERSIZED) + "\"}";
      attacks.add(withBytes("body over 64 KB", utf8(padded), "application/json"));
      attacks.add(
          new Attack(
              name + ": body over 64 KB, chunked",
              "POST",
              path,
              utf8(padded),
              true,
              token,
              Map.of("Content-Type", "application/json")));
      attacks.add(
          withBytes(
              "valid JSON padded with whitespace beyond 64 KB",
              utf8(json.get() + " ".repeat(OVERSIZED)),
              "application/json"));
      for (String field : fresh.get().fields().keySet()) {
        if (optional.contains(field)) {
          continue;
        }
        attacks.add(withBody("without " + field, fresh.get().without(field).json()));
      }
      return attacks;
    }

    /** The valid body with one field set to each of the given raw JSON values. */
    List<Attack> fieldValues(
        Supplier<Body> fresh, String field, List<String> values, List<String> more) {
      List<Attack> attacks = new ArrayList<>();
      for (String value : values) {
        attacks.add(
            withBody(field + "=" + abbreviate(value), fresh.get().with(field, value).json()));
      }
      for (String value : more) {
        attacks.add(
            withBody(field + "=" + abbreviate(value), fresh.get().with(field, value).json()));
      }
      return attacks;
    }
  }

  // ---- value corpora, as raw JSON

  private static List<String> strings(String... values) {
    return Arrays.stream(values).map(HostileInputSystemTest::quote).toList();
  }

  /**
   * Values of the wrong JSON type for a text field, a number and a boolean included; the number is
   * new on every run, so that a service coercing it to text cannot hide behind "already taken".
   */
  private static List<String> wrongTypesForText() {
    String freshDigits =
        Long.toString(
            Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L)
                + 100_000_000L);
    return List.of(
        freshDigits,
        "null",
        "[]",
        "{}",
        "[\"abcdefgh\"]",
        "{\"a\":\"b\"}",
        "true",
        nestedArrays(1000));
  }

  /** Amounts that are not money of at most two decimals between 0.01 and {@code aboveMax}. */
  private static List<String> money(String aboveMax) {
    return List.of(
        "0",
        "-0",
        "0.00",
        "-1",
        "-0.01",
        "0.001",
        "1.005",
        "1e309",
        "-1e309",
        "1e-400",
        "9999999999999999999",
        aboveMax,
        "\"12.50\"",
        "\"abc\"",
        "\"\"",
        "true",
        "null",
        "[]",
        "{}",
        "[1.00]",
        "NaN",
        "Infinity",
        "0x10",
        "01",
        "+1",
        ".5",
        "1.");
  }

  /** Counts that are not whole numbers between {@code min} and {@code max}. */
  private static List<String> integers(int min, int max) {
    return List.of(
        Integer.toString(min - 1),
        "-1",
        Integer.toString(max + 1),
        "1.5",
        "2.0001",
        "1e309",
        "9999999999999999999",
        "2147483648",
        "-2147483649",
        "\"5\"",
        "\"abc\"",
        "\"\"",
        "true",
        "null",
        "[]",
        "{}",
        "[1]",
        "NaN",
        "0x10",
        "01",
        "+1");
  }

  // ---- encoding helpers

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String nestedArrays(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String nestedObjects(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static String xml(Body body) {
    return body.fields().entrySet().stream()
        .map(f -> "<" + f.getKey() + ">" + f.getValue().replace("\"", "") + "</" + f.getKey() + ">")
        .collect(Collectors.joining("", "<?xml version=\"1.0\"?><request>", "</request>"));
  }

  private static String form(Body body) {
    return body.fields().entrySet().stream()
        .map(f -> encode(f.getKey()) + "=" + encode(f.getValue().replace("\"", "")))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      joined.writeBytes(part);
    }
    return joined.toByteArray();
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "<no body>";
    }
    String oneLine = text.replace("\n", "\\n");
    return oneLine.length() <= 80
        ? oneLine
        : oneLine.substring(0, 60) + "...(" + oneLine.length() + " chars)";
  }

  /**
   * Whether the order service can price the product yet, asked without placing anything: next to a
   * product that exists nowhere, the refusal names only the unknown one once ours is known.
   */
  private static boolean orderServiceKnows(String productId) {
    String nowhere = UUID.randomUUID().toString();
    Response probe =
        shop.post(
            "/api/orders",
            Map.of(
                "items",
                List.of(
                    Map.of("productId", productId, "quantity", 1),
                    Map.of("productId", nowhere, "quantity", 1))),
            shoppers.get(0).token());
    assertThat(probe.status()).as(probe.raw()).isEqualTo(404);
    return !probe.body().get("detail").asText().contains(productId);
  }
}
