package org.sagashop.systemtest.faults;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order process's step deadlines as the order service reads them: {@code
 * ORDER_RESERVATION_TIMEOUT} and {@code ORDER_PAYMENT_TIMEOUT}, 2 minutes unless set ({@code
 * infra/config-repo/order.yml}). The run shares the system's environment ({@code ./faults.sh}
 * starts it, or runs where it was started), so it reads the same variables with the same defaults.
 *
 * @param reservation from the order being placed until every line is reserved
 * @param payment from the payment request until the payment is approved or declined
 */
record StepDeadlines(Duration reservation, Duration payment) {

  static final String RESERVATION_VARIABLE = "ORDER_RESERVATION_TIMEOUT";
  static final String PAYMENT_VARIABLE = "ORDER_PAYMENT_TIMEOUT";
  private static final String DEFAULT = "2m";

  /** Spring Boot's simple duration format: a whole number and a unit, milliseconds if none. */
  private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)([a-z]*)$");

  private static final Map<String, Duration> UNITS =
      Map.of(
          "ns", Duration.ofNanos(1),
          "us", Duration.ofNanos(1000),
          "ms", Duration.ofMillis(1),
          "", Duration.ofMillis(1),
          "s", Duration.ofSeconds(1),
          "m", Duration.ofMinutes(1),
          "h", Duration.ofHours(1),
          "d", Duration.ofDays(1));

  static StepDeadlines fromEnvironment() {
    return new StepDeadlines(
        parse(RESERVATION_VARIABLE, env(RESERVATION_VARIABLE)),
        parse(PAYMENT_VARIABLE, env(PAYMENT_VARIABLE)));
  }

  /** A duration as Spring Boot binds it: {@code 2m}, {@code 500ms}, {@code 1500}, {@code PT2M}. */
  static Duration parse(String name, String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Matcher simple = SIMPLE.matcher(text);
    if (simple.matches() && UNITS.containsKey(simple.group(2))) {
      return UNITS.get(simple.group(2)).multipliedBy(Long.parseLong(simple.group(1)));
    }
    try {
      return Duration.parse(value.trim());
    } catch (java.time.format.DateTimeParseException notIso) {
      throw new IllegalArgumentException(name + " is not a duration: " + value, notIso);
    }
  }

  /** The value for an environment in which the order service runs with these deadlines. */
  static String format(Duration duration) {
    return duration.toMillis() + "ms";
  }

  private static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? DEFAULT : value;
  }
}
