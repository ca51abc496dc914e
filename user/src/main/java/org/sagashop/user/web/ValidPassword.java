package org.sagashop.user.web;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A password a new account may use: at least {@value #MIN_LENGTH} characters, at least {@value
 * #MIN_DISTINCT} different ones, not one of the passwords every guessing list starts with, and at
 * most {@value #MAX_BYTES} bytes in UTF-8, because BCrypt reads no more than that (and Spring
 * Security refuses longer input rather than silently ignoring the rest). Length over composition
 * rules, as NIST SP 800-63B advises; sign-in throttling does the rest.
 */
@NotNull
@Size(min = ValidPassword.MIN_LENGTH, message = "must be at least {min} characters long")
@Constraint(validatedBy = ValidPassword.HardToGuess.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface ValidPassword {

  int MIN_LENGTH = 10;
  int MIN_DISTINCT = 5;
  int MAX_BYTES = 72;

  String message() default
      "must be at most " + MAX_BYTES + " bytes in UTF-8 (" + MAX_BYTES + " plain ASCII characters)";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Whether the password is hard enough to guess, and whether BCrypt can hash all of it. */
  class HardToGuess implements ConstraintValidator<ValidPassword, String> {

    /** Passwords of the minimum length or more that guessing lists try first. */
    static final Set<String> COMMON =
        Set.of(
            "1234567890",
            "12345678910",
            "123456789012",
            "0987654321",
            "1q2w3e4r5t",
            "1q2w3e4r5t6y",
            "1qaz2wsx3edc",
            "qwertyuiop",
            "qwerty123456",
            "qwerty12345",
            "asdfghjkl1",
            "zxcvbnm123",
            "abcdefghij",
            "abc1234567",
            "password12",
            "password123",
            "password1234",
            "password!23",
            "passw0rd123",
            "p@ssw0rd123",
            "iloveyou12",
            "iloveyou123",
            "letmein123",
            "welcome123",
            "welcome1234",
            "administrator",
            "admin12345",
            "changeme123",
            "football123",
            "baseball123",
            "sunshine123",
            "princess123",
            "dragon1234",
            "monkey12345",
            "trustno1234",
            "starwars123",
            "superman123",
            "qwertyuiop123",
            "aa12345678",
            "a123456789");

    static boolean fits(String password) {
      return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    @Override
    public boolean isValid(String password, ConstraintValidatorContext context) {
      if (password == null || password.length() < MIN_LENGTH) {
        return true; // @NotNull and @Size say what is wrong
      }
      String refusal = null;
      if (!fits(password)) {
        refusal = context.getDefaultConstraintMessageTemplate();
      } else if (password.codePoints().distinct().count() < MIN_DISTINCT) {
        refusal = "must use at least " + MIN_DISTINCT + " different characters";
      } else if (COMMON.contains(password.toLowerCase(Locale.ROOT))) {
        refusal = "is one of the most common passwords: choose another";
      }
      if (refusal == null) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(refusal).addConstraintViolation();
      return false;
    }
  }
}
