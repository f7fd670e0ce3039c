package org.alliancetracker.events;

/** The three Northern Triangle countries of the Alliance for Prosperity Plan, by ISO 3166-1 alpha-2 code. */
public enum Country {
    SV("El Salvador"),
    GT("Guatemala"),
    HN("Honduras");

    private final String displayName;

    Country(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
