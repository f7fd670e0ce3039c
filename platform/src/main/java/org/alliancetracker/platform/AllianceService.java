package org.alliancetracker.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the main class of an Alliance Tracker service: the platform's shared defaults
 * ({@code alliance-platform.yml}) apply to it and to no other application in the same JVM (e.g. the token issuer).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AllianceService {
}
