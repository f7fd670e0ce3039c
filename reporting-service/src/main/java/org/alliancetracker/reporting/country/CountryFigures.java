package org.alliancetracker.reporting.country;

import java.time.Instant;
import java.util.Date;
import java.util.SortedMap;
import java.util.TreeMap;

import org.alliancetracker.reporting.projection.Cents;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Keys;
import org.bson.Document;

/**
 * The money figures of one country, from either source: the incrementally kept view document (the current view) or
 * the facts up to a date (the view as of that date). Both end in the same structure, so both render the same way.
 */
final class CountryFigures {

    final Figures total = new Figures();
    final SortedMap<String, Figures> byFiscalYear = new TreeMap<>();
    final SortedMap<String, Figures> byPillar = new TreeMap<>();
    final SortedMap<String, Figures> byAgency = new TreeMap<>();
    final SortedMap<String, Long> monthlyDisbursed = new TreeMap<>();
    Instant lastEventAt;

    /** From a {@code country_views} document (or {@code null}: nothing happened in the country yet). */
    static CountryFigures of(Document view) {
        CountryFigures figures = new CountryFigures();
        if (view == null) {
            return figures;
        }
        Figures total = Figures.of(view);
        figures.total.allocated = total.allocated;
        figures.total.obligated = total.obligated;
        figures.total.disbursed = total.disbursed;
        breakdown(view.get("byFiscalYear", Document.class), figures.byFiscalYear);
        breakdown(view.get("byPillar", Document.class), figures.byPillar);
        breakdown(view.get("byAgency", Document.class), figures.byAgency);
        Document monthly = view.get("monthly", Document.class);
        if (monthly != null) {
            monthly.forEach((month, value) -> figures.monthlyDisbursed.put(month,
                    Cents.of((Document) value, "disbursedCents")));
        }
        Date last = view.getDate("lastEventAt");
        figures.lastEventAt = last == null ? null : last.toInstant();
        return figures;
    }

    /** Adds one money fact (a document of {@code facts} with a figure). */
    void add(Document fact) {
        String figure = fact.getString(Facts.FIGURE);
        long cents = Cents.of(fact, Facts.AMOUNT_CENTS);
        total.add(figure, cents);
        Object fiscalYear = fact.get(Facts.FISCAL_YEAR);
        if (fiscalYear != null) {
            byFiscalYear.computeIfAbsent(fiscalYear.toString(), k -> new Figures()).add(figure, cents);
        }
        String pillar = fact.getString(Facts.PILLAR);
        if (pillar != null) {
            byPillar.computeIfAbsent(pillar, k -> new Figures()).add(figure, cents);
        }
        String agency = fact.getString(Facts.AGENCY);
        if (agency != null) {
            byAgency.computeIfAbsent(Keys.safe(agency), k -> new Figures()).add(figure, cents);
        }
        String valueDate = fact.getString(Facts.VALUE_DATE);
        if (Facts.DISBURSED.equals(figure) && valueDate != null) {
            monthlyDisbursed.merge(valueDate.substring(0, 7), cents, Math::addExact);
        }
        Date time = fact.getDate(Facts.EVENT_TIME);
        if (time != null && (lastEventAt == null || time.toInstant().isAfter(lastEventAt))) {
            lastEventAt = time.toInstant();
        }
    }

    private static void breakdown(Document byKey, SortedMap<String, Figures> into) {
        if (byKey != null) {
            byKey.forEach((key, value) -> into.put(key, Figures.of((Document) value)));
        }
    }
}
