package org.alliancetracker.reporting.projection;

import java.util.Set;

/** Told, after an event was applied, which country views it changed (ISO codes), so they can be re-published. */
public interface CountryViewListener {

    void countryViewsChanged(Set<String> countries);
}
