package org.alliancetracker.events.view;

import java.util.Map;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.Contract;
import org.alliancetracker.events.Country;

/**
 * The current view of one country after a change, as published by reporting-service on the compacted topic
 * {@code alliance.country-views} (key = ISO code). {@code view} is the same JSON document that
 * {@code GET /api/v1/countries/{iso2}} returns, so the stream and the API can never disagree.
 */
public record CountryViewChanged(Country country, Map<String, Object> view) implements AllianceEvent {

    public CountryViewChanged {
        Contract.require(country, "country");
        Contract.require(view, "view");
    }


    @Override
    public String aggregateId() {
        return country.name();
    }
}
