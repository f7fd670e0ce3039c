package org.alliancetracker.platform.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an endpoint can answer, each {@code "<status> <slug>"} (type {@code /problems/<slug>}), e.g.
 * {@code @ProblemTypes({"404 not-found", "409 insufficient-obligation"})}. The OpenAPI description lists them under
 * their status as {@code application/problem+json} with the {@code ProblemDetail} schema and one example per type.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProblemTypes {

    String[] value();
}
