package org.alliancetracker.reporting.transaction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.reporting.projection.Facts;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

/**
 * Which money facts to list: all filters optional; {@code figures} limits to allocated / obligated / disbursed.
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

    public Bson filter() {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.in(Facts.FIGURE, figures));
        if (country != null) {
            filters.add(Filters.eq(Facts.COUNTRY, country.name()));
        }
        if (fiscalYear != null) {
            filters.add(Filters.eq(Facts.FISCAL_YEAR, fiscalYear));
        }
        if (pillar != null) {
            filters.add(Filters.eq(Facts.PILLAR, pillar.name()));
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
}
