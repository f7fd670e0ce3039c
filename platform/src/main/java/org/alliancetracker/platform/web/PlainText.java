package org.alliancetracker.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Free text a client sends (a reference, description, title, reason, name, source…): no control character other
 * than tab and line feed, no lone surrogate, no Unicode non-character ({@link StrictText#firstForbidden}); null is
 * valid (combine with {@code @NotBlank} where the text is required). A violation is the 422 {@code invalid-request}
 * problem naming the field and the offending code point, on single requests and on every line of a bulk upload
 * alike, since both validate the same request records. Every free-text field of a request carries it.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    String message() default "must not contain control characters other than tab and line feed, lone surrogates "
            + "or Unicode non-characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a {@link CharSequence}; the message names the first offending code point and where it is. */
    final class Validator implements ConstraintValidator<PlainText, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int index = StrictText.firstForbidden(value);
            if (index < 0) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // the message holds only a code point and a position, never the client's text: nothing to interpolate
            context.buildConstraintViolationWithTemplate(StrictText.describeForbidden(value, index))
                    .addConstraintViolation();
            return false;
        }
    }
}
