package org.alliancetracker.reporting.reconciliation;

import java.time.LocalDate;

/**
 * U.S. federal fiscal years: fiscal year N runs from 1 October N−1 to 30 September N; its periods are the months,
 * 1 = October … 12 = September (as USAspending reports them).
 */
final class FiscalYears {

    private FiscalYears() {
    }

    static int of(LocalDate date) {
        return date.getMonthValue() >= 10 ? date.getYear() + 1 : date.getYear();
    }

    static LocalDate start(int fiscalYear) {
        return LocalDate.of(fiscalYear - 1, 10, 1);
    }

    static LocalDate end(int fiscalYear) {
        return LocalDate.of(fiscalYear, 9, 30);
    }
}
