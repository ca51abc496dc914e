package org.sagashop.user.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A misconfigured admin account must stop the service at start, not create a weak account. */
class AdminAccountPropertiesTest {

  private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
  private final Validator validator = FACTORY.getValidator();

  @AfterAll
  static void close() {
    FACTORY.close();
  }

  @Test
  void acceptsAnAccountThatRegistrationWouldAccept() {
    assertThat(
            validator.validate(
                new AdminAccountProperties(
                    "admin", "long enough secret", "Shop administrator", "admin@example.com")))
        .isEmpty();
  }

  @Test
  void refusesWhatRegistrationWouldRefuse() {
    assertThat(validator.validate(new AdminAccountProperties("a b", "short", " ", "not-an-email")))
        .extracting(ConstraintViolation::getPropertyPath)
        .map(Object::toString)
        .containsExactlyInAnyOrder("username", "password", "displayName", "email");
  }

  @Test
  void refusesAPasswordLongerThanBcryptReads() {
    assertThat(
            validator.validate(
                new AdminAccountProperties(
                    "admin", "é".repeat(37), "Shop administrator", "admin@example.com")))
        .extracting(ConstraintViolation::getPropertyPath)
        .map(Object::toString)
        .containsExactly("password");
  }
}
