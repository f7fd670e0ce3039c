package org.alliancetracker.grants.indicator;

/** Reporting periods of indicators, as IATI results use them: a year, or a half, quarter or month of it. */
final class Periods {

    static final String PATTERN = "(19|20)\\d\\d(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?";
    static final String MESSAGE = "must be a period such as 2017, 2017-H1, 2017-Q3 or 2017-09";

    private Periods() {
    }
}
