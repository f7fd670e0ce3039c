package org.alliancetracker.reporting.country;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.reporting.indicator.IndicatorView;

/**
 * Where the money stands in one country: allocated → obligated → disbursed, the disbursement rate, the same figures
 * by fiscal year, pillar and agency, the grants by status, the monthly disbursement series (by value date) and the
 * outcome indicators. The live stream and {@code alliance.country-views} carry exactly this JSON.
 *
 * @param asOf             {@code null} for the current view; else the day at whose end the view stood so
 * @param disbursementRate disbursed / obligated with 4 decimals; {@code null} while nothing is obligated
 */
public record CountryView(Country country, String name, LocalDate asOf, BigDecimal allocated, BigDecimal obligated,
                          BigDecimal disbursed, BigDecimal disbursementRate, List<Breakdown> byFiscalYear,
                          List<Breakdown> byPillar, List<Breakdown> byAgency, GrantStatusCounts grants,
                          List<MonthlyDisbursement> monthlyDisbursements, List<IndicatorView> indicators,
                          Instant lastEventAt) {

    /** The figures of one fiscal year, pillar or agency. */
    public record Breakdown(String key, BigDecimal allocated, BigDecimal obligated, BigDecimal disbursed) {
    }

    /** Disbursed (net of reversals) in one month, {@code yyyy-MM}, by value date. */
    public record MonthlyDisbursement(String month, BigDecimal disbursed) {
    }

    static CountryView of(Country country, LocalDate asOf, CountryFigures figures, GrantStatusCounts grants,
                          List<IndicatorView> indicators) {
        return new CountryView(country, country.displayName(), asOf, Money.fromCents(figures.total.allocated),
                Money.fromCents(figures.total.obligated), Money.fromCents(figures.total.disbursed),
                rate(figures.total.disbursed, figures.total.obligated), breakdown(figures.byFiscalYear),
                breakdown(figures.byPillar), breakdown(figures.byAgency), grants,
                figures.monthlyDisbursed.entrySet().stream()
                        .map(e -> new MonthlyDisbursement(e.getKey(), Money.fromCents(e.getValue()))).toList(),
                indicators, figures.lastEventAt);
    }

    static BigDecimal rate(long disbursed, long obligated) {
        return obligated == 0 ? null
                : BigDecimal.valueOf(disbursed).divide(BigDecimal.valueOf(obligated), 4, RoundingMode.HALF_EVEN);
    }

    private static List<Breakdown> breakdown(SortedMap<String, Figures> byKey) {
        return byKey.entrySet().stream().map(CountryView::breakdown).toList();
    }

    private static Breakdown breakdown(Map.Entry<String, Figures> entry) {
        Figures f = entry.getValue();
        return new Breakdown(entry.getKey(), Money.fromCents(f.allocated), Money.fromCents(f.obligated),
                Money.fromCents(f.disbursed));
    }
}
