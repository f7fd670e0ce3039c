package org.alliancetracker.reporting.export;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grant's IATI budgets: one per U.S. fiscal year (1 October – 30 September, so never longer than a year) in which
 * its obligation changed, worth what was obligated in that year (the award, then each amendment in the year it was
 * made). A de-obligation reduces the budget of its own year and, where that would go below zero, of the years before
 * it, latest first, so no budget is negative and the budgets add up to the current obligation. The period is the
 * fiscal year cut to the grant's period where they overlap by more than a day.
 */
final class FiscalYearBudgets {

    /** One budget: the period and its value in cents. */
    record Budget(int fiscalYear, LocalDate start, LocalDate end, long cents) {
    }

    private FiscalYearBudgets() {
    }

    /** The U.S. fiscal year of a date: FY2016 runs from 1 October 2015 to 30 September 2016. */
    static int fiscalYear(LocalDate date) {
        return date.getMonthValue() >= 10 ? date.getYear() + 1 : date.getYear();
    }

    /**
     * @param obligations each change of the obligation: its date and signed amount in cents
     */
    static List<Budget> of(Map<LocalDate, Long> obligations, LocalDate grantStart, LocalDate grantEnd) {
        TreeMap<Integer, Long> byYear = new TreeMap<>();
        obligations.forEach((date, cents) -> byYear.merge(fiscalYear(date), cents, Long::sum));
        List<Integer> years = new ArrayList<>(byYear.keySet());
        // carry what a year cannot absorb back to the years before it
        for (int i = years.size() - 1; i > 0; i--) {
            long cents = byYear.get(years.get(i));
            if (cents < 0) {
                byYear.put(years.get(i), 0L);
                byYear.merge(years.get(i - 1), cents, Long::sum);
            }
        }
        List<Budget> budgets = new ArrayList<>();
        byYear.forEach((year, cents) -> {
            if (cents > 0) {
                LocalDate start = LocalDate.of(year - 1, 10, 1);
                LocalDate end = LocalDate.of(year, 9, 30);
                LocalDate cutStart = grantStart.isAfter(start) ? grantStart : start;
                LocalDate cutEnd = grantEnd.isBefore(end) ? grantEnd : end;
                boolean overlaps = cutStart.isBefore(cutEnd);
                budgets.add(new Budget(year, overlaps ? cutStart : start, overlaps ? cutEnd : end, cents));
            }
        });
        return budgets;
    }
}
