package org.alliancetracker.platform.web;

import java.util.regex.Pattern;

/**
 * Whether a string from a URL path can be an {@link Identifier} at all. One that cannot names nothing that exists
 * (every stored id was validated when it was created), so it is answered not-found without a store round trip: a
 * hostile path ({@code ..%2F..%2Fetc}, an escaped NUL, 300 characters) never reaches a query.
 */
public final class Identifiers {

    private static final Pattern VALID = Pattern.compile(Identifier.PATTERN);

    private Identifiers() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
