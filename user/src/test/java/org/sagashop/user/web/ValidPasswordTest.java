package org.sagashop.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidPasswordTest {

  private static final Validator validator =
      Validation.buildDefaultValidatorFactory().getValidator();

  @ParameterizedTest(name = "\"{0}\": {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nine-char | must be at least 10 characters long",
        "aaaaabbbbbaaaaa | must use at least 5 different characters",
        "1212121212121 | must use at least 5 different characters",
        "Password123 | is one of the most common passwords: choose another",
        "QWERTYUIOP | is one of the most common passwords: choose another"
      })
  void refusesPasswordsThatAreEasyToGuessSayingWhy(String password, String reason) {
    assertThat(reasons(password)).containsExactly(reason);
  }

  @Test
  void refusesWhatBcryptCannotHashWhole() {
    assertThat(reasons("é".repeat(37)))
        .containsExactly("must be at most 72 bytes in UTF-8 (72 plain ASCII characters)");
  }

  @Test
  void acceptsLongVariedPasswords() {
    assertThat(reasons("correct horse battery")).isEmpty();
    assertThat(reasons("demo-password")).isEmpty();
    assertThat(reasons("ü".repeat(5) + "abcde")).isEmpty();
  }

  private static List<String> reasons(String password) {
    return validator
        .validate(new RegisterRequest("alice", password, "Alice", "alice@example.org"))
        .stream()
        .map(ConstraintViolation::getMessage)
        .toList();
  }
}
