package org.alliancetracker.reporting.live;

import java.util.Map;

import org.alliancetracker.events.Country;

/** A country view as it arrived on {@code alliance.country-views}: the JSON of {@code GET /countries/{iso2}}. */
public record LiveView(Country country, Map<String, Object> view) {
}
