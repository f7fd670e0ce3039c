package org.alliancetracker.reporting.projection;

/** The MongoDB collections holding the views. */
public final class Views {

    /** One document per country ({@code _id} = ISO code). */
    public static final String COUNTRIES = "country_views";
    /** One document per fiscal year ({@code _id} = year). */
    public static final String FISCAL_YEARS = "fiscal_year_views";

    private Views() {
    }
}
