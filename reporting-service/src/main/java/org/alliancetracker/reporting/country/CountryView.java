package org.alliancetracker.reporting.country;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.money.Money;
import org.bson.Document;

/**
 * Where the money stands in one country: allocated → obligated → disbursed, with the disbursement rate
 * (disbursed / obligated) and the same figures by fiscal year, pillar and agency.
 */
public record CountryView(Country country, String name, BigDecimal allocated, BigDecimal obligated,
                          BigDecimal disbursed, BigDecimal disbursementRate, List<Breakdown> byFiscalYear,
                          List<Breakdown> byPillar, List<Breakdown> byAgency, Instant lastEventAt) {

    /** The figures of one fiscal year, pillar or agency. */
    public record Breakdown(String key, BigDecimal allocated, BigDecimal obligated, BigDecimal disbursed) {
    }

    public static CountryView empty(Country country) {
        return of(country, new Document());
    }

    public static CountryView of(Country country, Document view) {
        long obligated = view.get("obligatedCents", 0L);
        long disbursed = view.get("disbursedCents", 0L);
        Date last = view.getDate("lastEventAt");
        return new CountryView(country, country.displayName(), Money.fromCents(view.get("allocatedCents", 0L)),
                Money.fromCents(obligated), Money.fromCents(disbursed), rate(disbursed, obligated),
                breakdown(view.get("byFiscalYear", Document.class)), breakdown(view.get("byPillar", Document.class)),
                breakdown(view.get("byAgency", Document.class)), last == null ? null : last.toInstant());
    }

    static BigDecimal rate(long disbursed, long obligated) {
        return obligated == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(disbursed).divide(BigDecimal.valueOf(obligated), 4, RoundingMode.HALF_EVEN);
    }

    private static List<Breakdown> breakdown(Document byKey) {
        List<Breakdown> result = new ArrayList<>();
        if (byKey != null) {
            for (String key : byKey.keySet()) {
                Document figures = byKey.get(key, Document.class);
                result.add(new Breakdown(key, Money.fromCents(figures.get("allocatedCents", 0L)),
                        Money.fromCents(figures.get("obligatedCents", 0L)),
                        Money.fromCents(figures.get("disbursedCents", 0L))));
            }
        }
        result.sort(java.util.Comparator.comparing(Breakdown::key));
        return result;
    }
}
