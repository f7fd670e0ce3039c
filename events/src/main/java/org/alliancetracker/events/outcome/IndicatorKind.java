package org.alliancetracker.events.outcome;

/** {@code CONTEXT}: a country-level measure (homicides per 100k); {@code PROGRAM}: tied to one grant's results. */
public enum IndicatorKind {
    CONTEXT,
    PROGRAM
}
