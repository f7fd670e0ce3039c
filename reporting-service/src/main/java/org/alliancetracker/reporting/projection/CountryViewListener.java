package org.alliancetracker.reporting.projection;

import java.util.Map;
import java.util.Set;

/** Told, after events were applied, which country views they changed (ISO codes), so they can be re-published. */
public interface CountryViewListener {

    void countryViewsChanged(Set<String> countries);

    /**
     * As {@link #countryViewsChanged(Set)}, with the W3C {@code traceparent} of the last applied record that changed
     * each country (where the record carried one), so the view's publish continues that record's trace.
     */
    default void countryViewsChanged(Set<String> countries, Map<String, String> traceparents) {
        countryViewsChanged(countries);
    }
}
