package org.alliancetracker.reporting.projection;

import java.util.Set;

/**
 * Told, after events were applied, which country views they changed (ISO codes), so they can be re-published. The
 * trace of the last change travels with the view document ({@link StoredCountryView#PUBLISH_TRACE}).
 */
public interface CountryViewListener {

    void countryViewsChanged(Set<String> countries);
}
