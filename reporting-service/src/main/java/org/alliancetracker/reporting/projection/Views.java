package org.alliancetracker.reporting.projection;

import java.util.List;

import org.alliancetracker.platform.messaging.EventClaims;

/**
 * The MongoDB collections of reporting-service: views kept by events, and the facts behind them. These are the base
 * names: read and write them through a {@link Generation} ({@code generations.current().name(Views.FACTS)}).
 */
public final class Views {

    /** One document per country ({@code _id} = ISO code): money figures, breakdowns, monthly series. */
    public static final String COUNTRIES = "country_views";
    /** One document per fiscal year ({@code _id} = year): the appropriation and its money figures. */
    public static final String FISCAL_YEARS = "fiscal_year_views";
    /** One document per grant ({@code _id} = grant id): attribution, status history, obligated and disbursed. */
    public static final String GRANTS = "grant_views";
    /** One document per indicator ({@code _id} = indicator id): baseline, targets, actuals by period. */
    public static final String INDICATORS = "indicator_views";
    /** One document per event that moved money or set a budget figure ({@code _id} = CloudEvent id). */
    public static final String FACTS = "facts";

    /**
     * The collections of one generation of the views ({@link Generation#name}): a rebuild writes a new set of them,
     * and drops the set it replaced after the handover.
     */
    public static final List<String> ALL = List.of(COUNTRIES, FISCAL_YEARS, GRANTS, INDICATORS, FACTS,
            EventClaims.COLLECTION);

    private Views() {
    }
}
