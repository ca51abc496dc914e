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

/**
 * A password a new account may use: at least 8 characters, and at most {@value #MAX_BYTES} bytes in
 * UTF-8, because BCrypt reads no more than that (and Spring Security refuses longer input rather
 * than silently ignoring the rest).
 */
@NotNull
@Size(min = 8, message = "must be at least {min} characters long")
@Constraint(validatedBy = ValidPassword.FitsBcrypt.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface ValidPassword {

  int MAX_BYTES = 72;

  String message() default
      "must be at most " + MAX_BYTES + " bytes in UTF-8 (" + MAX_BYTES + " plain ASCII characters)";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Whether BCrypt can hash the whole password. */
  class FitsBcrypt implements ConstraintValidator<ValidPassword, String> {

    static boolean fits(String password) {
      return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    @Override
    public boolean isValid(String password, ConstraintValidatorContext context) {
      return password == null || fits(password);
    }
  }
}
