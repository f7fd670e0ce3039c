package org.alliancetracker.reporting.country;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Keys;
import org.alliancetracker.reporting.projection.StoredCountryView;

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
    static CountryFigures of(StoredCountryView view) {
        CountryFigures figures = new CountryFigures();
        if (view == null) {
            return figures;
        }
        Figures total = Figures.of(view.total());
        figures.total.allocated = total.allocated;
        figures.total.obligated = total.obligated;
        figures.total.disbursed = total.disbursed;
        breakdown(view.byFiscalYear(), figures.byFiscalYear);
        breakdown(view.byPillar(), figures.byPillar);
        breakdown(view.byAgency(), figures.byAgency);
        view.monthly().forEach((month, value) -> figures.monthlyDisbursed.put(month, value.disbursed()));
        figures.lastEventAt = view.lastEventAt();
        return figures;
    }

    /** Adds what one fact moved in this country (a fact's {@link MoneyFact#moves() move}). */
    void add(MoneyFact fact, MoneyFact.Move move) {
        String figure = move.figure();
        long cents = move.cents();
        total.add(figure, cents);
        if (fact.fiscalYear() != null) {
            byFiscalYear.computeIfAbsent(fact.fiscalYear().toString(), k -> new Figures()).add(figure, cents);
        }
        if (move.pillar() != null) {
            byPillar.computeIfAbsent(move.pillar(), k -> new Figures()).add(figure, cents);
        }
        if (move.agency() != null) {
            byAgency.computeIfAbsent(Keys.safe(move.agency()), k -> new Figures()).add(figure, cents);
        }
        if (Facts.DISBURSED.equals(figure) && fact.valueDate() != null) {
            monthlyDisbursed.merge(fact.valueDate().substring(0, 7), cents, Math::addExact);
        }
        Instant time = fact.eventTime();
        if (time != null && (lastEventAt == null || time.isAfter(lastEventAt))) {
            lastEventAt = time;
        }
    }

    private static void breakdown(Map<String, StoredCountryView.StoredFigures> byKey, SortedMap<String, Figures> into) {
        byKey.forEach((key, value) -> into.put(key, Figures.of(value)));
    }
}
