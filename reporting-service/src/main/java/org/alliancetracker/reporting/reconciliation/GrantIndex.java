package org.alliancetracker.reporting.reconciliation;

import java.util.Map;

/**
 * The grants this tracker knows (id → country and agency), and how an outside identifier names one of them: the
 * identifier itself, or its longest suffix after a {@code -} that is a grant id. An IATI identifier is
 * {@code <reporting-org ref>-<activity id>}, and the reporting organisation differs by publisher and over time
 * ({@code US-USAGOV}, {@code US-GOV-1} for USAID, {@code US-GOV-11} for State…), so no prefix is assumed.
 */
record GrantIndex(Map<String, Grant> grants) {

    record Grant(String id, String country, String agency) {
    }

    /** The grant id the identifier names, or null. */
    String match(String identifier) {
        if (identifier == null) {
            return null;
        }
        String id = identifier.strip();
        if (grants.containsKey(id)) {
            return id;
        }
        for (int dash = id.indexOf('-'); dash >= 0; dash = id.indexOf('-', dash + 1)) {
            String suffix = id.substring(dash + 1);
            if (grants.containsKey(suffix)) {
                return suffix;
            }
        }
        return null;
    }

    Grant get(String grantId) {
        return grants.get(grantId);
    }
}
