package org.sagashop.user.web;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A username a new account may take: 3 to 32 letters, digits, '_', '.' or '-'. */
@NotNull
@Size(min = 3, max = 32)
@Pattern(regexp = "[A-Za-z0-9_.-]*", message = "may contain only letters, digits, '_', '.' and '-'")
@Constraint(validatedBy = {})
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface ValidUsername {

  String message() default "is not a valid username";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
