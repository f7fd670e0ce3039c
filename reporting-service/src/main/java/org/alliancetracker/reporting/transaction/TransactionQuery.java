package org.alliancetracker.reporting.transaction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.reporting.country.MoneyFact;
import org.alliancetracker.reporting.projection.Facts;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

/**
 * Which money facts to list: all filters optional; {@code figures} limits to allocated / obligated / disbursed
 * (allocated includes the reprogrammings that moved funds from or to an allocation in scope).
 * Rows come in value-date order, ties broken by their place in Kafka, so pages are stable.
 */
public record TransactionQuery(Country country, Integer fiscalYear, Pillar pillar, String agency, String grantId,
                               List<String> figures, LocalDate asOf, Instant knownAt) {

    /** Every fact recorded so far. */
    public TransactionQuery(Country country, Integer fiscalYear, Pillar pillar, String agency, String grantId,
                            List<String> figures, LocalDate asOf) {
        this(country, fiscalYear, pillar, agency, grantId, figures, asOf, null);
    }

    public static final List<String> ALL_FIGURES = List.of(Facts.ALLOCATED, Facts.OBLIGATED, Facts.DISBURSED);

    public static final Bson ORDER = Sorts.ascending(Facts.VALUE_DATE, Facts.TOPIC, Facts.PARTITION, Facts.OFFSET);

    /**
     * Money facts of the figures and, when {@code allocated} is among them, the reprogrammings from or to an
     * allocation in scope (country, and pillar when given): they move the allocated figure of both sides.
     */
    public Bson filter() {
        List<Bson> filters = new ArrayList<>();
        List<Bson> ofFigures = new ArrayList<>(List.of(Filters.in(Facts.FIGURE, figures)));
        if (country != null) {
            ofFigures.add(Filters.eq(Facts.COUNTRY, country.name()));
        }
        if (pillar != null) {
            ofFigures.add(Filters.eq(Facts.PILLAR, pillar.name()));
        }
        if (figures.contains(Facts.ALLOCATED) && agency == null && grantId == null) {
            filters.add(Filters.or(Filters.and(ofFigures), Filters.and(Filters.eq(Facts.KIND, Facts.REPROGRAMMING),
                    Filters.or(side(Facts.FROM_COUNTRY, Facts.FROM_PILLAR), side(Facts.TO_COUNTRY, Facts.TO_PILLAR)))));
        } else {
            filters.addAll(ofFigures);
        }
        if (fiscalYear != null) {
            filters.add(Filters.eq(Facts.FISCAL_YEAR, fiscalYear));
        }
        if (agency != null) {
            filters.add(Filters.eq(Facts.AGENCY, agency));
        }
        if (grantId != null) {
            filters.add(Filters.eq(Facts.GRANT_ID, grantId));
        }
        if (asOf != null) {
            filters.add(Filters.lte(Facts.VALUE_DATE, asOf.toString()));
        }
        if (knownAt != null) {
            // only what the tracker had recorded by then (the event's own time)
            filters.add(Filters.lte(Facts.EVENT_TIME, java.util.Date.from(knownAt)));
        }
        return Filters.and(filters);
    }

    private Bson side(String countryField, String pillarField) {
        List<Bson> side = new ArrayList<>(List.of(Filters.exists(countryField)));
        if (country != null) {
            side.add(Filters.eq(countryField, country.name()));
        }
        if (pillar != null) {
            side.add(Filters.eq(pillarField, pillar.name()));
        }
        return Filters.and(side);
    }

    /**
     * What a fact found by {@link #filter()} moves within this query's scope: its amount, or for a reprogramming the
     * sum of its sides in scope (− from, + to; 0 when both are, e.g. between two pillars of the country).
     */
    public List<MoneyFact.Move> movesInScope(MoneyFact fact) {
        return fact.moves().stream()
                .filter(m -> country == null || country.name().equals(m.country()))
                .filter(m -> pillar == null || pillar.name().equals(m.pillar()))
                .filter(m -> figures.contains(m.figure()))
                .toList();
    }
}
