package org.alliancetracker.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A required identifier chosen by a client (grant id, withholding id, idempotency key): 1 to 64 letters, digits,
 * {@code -} or {@code _}, starting with a letter or digit. Safe as a MongoDB field name and in a URL path.
 */
@Documented
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@NotNull
@Pattern(regexp = Identifier.PATTERN)
@ReportAsSingleViolation
public @interface Identifier {

    String PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

    String message() default "must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
