package org.alliancetracker.reporting.projection;

/**
 * Values used as MongoDB field names inside a view document (agency, period, withholding id). Identifiers of the
 * contract are already safe; anything else has {@code .} and a leading {@code $} replaced so it can never address a
 * nested field or an operator.
 */
public final class Keys {

    private Keys() {
    }

    public static String safe(String value) {
        String key = value == null || value.isEmpty() ? "_" : value.replace('.', '_');
        return key.startsWith("$") ? "_" + key.substring(1) : key;
    }
}
