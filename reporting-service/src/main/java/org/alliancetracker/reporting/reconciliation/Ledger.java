package org.alliancetracker.reporting.reconciliation;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.reporting.projection.Cents;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Views;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Our side, read from what the projection already keeps: the grants ({@code grant_views}) and the facts behind the
 * obligated and disbursed figures, summed per grant, fiscal year (of the value date) and figure in exact cents while
 * they stream by (one {@code find} each, nothing held per fact).
 */
@Component
class Ledger {

    private final ReactiveMongoTemplate mongo;

    Ledger(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<GrantIndex> grants() {
        return mongo.getCollection(Views.GRANTS)
                .flatMapMany(c -> Flux.from(c.find().projection(Projections.include("country", "agency"))))
                .collectMap(grant -> grant.getString("_id"), grant -> new GrantIndex.Grant(grant.getString("_id"),
                        grant.getString("country"), grant.getString("agency")))
                .map(GrantIndex::new);
    }

    /** Cents per (grant, fiscal year, figure); {@code onlyFiscalYear} null for all years. */
    Mono<Map<Key, Long>> figures(Integer onlyFiscalYear) {
        var filter = onlyFiscalYear == null
                ? Filters.in(Facts.FIGURE, Facts.OBLIGATED, Facts.DISBURSED)
                : Filters.and(Filters.in(Facts.FIGURE, Facts.OBLIGATED, Facts.DISBURSED),
                Filters.gte(Facts.VALUE_DATE, FiscalYears.start(onlyFiscalYear).toString()),
                Filters.lte(Facts.VALUE_DATE, FiscalYears.end(onlyFiscalYear).toString()));
        return mongo.getCollection(Views.FACTS)
                .flatMapMany(c -> Flux.from(c.find(filter).projection(Projections.include(Facts.GRANT_ID,
                        Facts.FIGURE, Facts.AMOUNT_CENTS, Facts.VALUE_DATE))))
                .filter(fact -> fact.getString(Facts.GRANT_ID) != null && fact.getString(Facts.VALUE_DATE) != null)
                .reduceWith(HashMap::new, (Map<Key, Long> sums, Document fact) -> {
                    Key key = Key.matched(fact.getString(Facts.GRANT_ID),
                            FiscalYears.of(LocalDate.parse(fact.getString(Facts.VALUE_DATE))),
                            fact.getString(Facts.FIGURE));
                    sums.merge(key, Cents.of(fact, Facts.AMOUNT_CENTS), Math::addExact);
                    return sums;
                });
    }

    /** The facts behind one of our figures, in value-date order (the drill-down of a reconciliation line). */
    Flux<Document> facts(String grantId, int fiscalYear, String figure) {
        return mongo.getCollection(Views.FACTS)
                .flatMapMany(c -> Flux.from(c.find(Filters.and(Filters.eq(Facts.GRANT_ID, grantId),
                                Filters.eq(Facts.FIGURE, figure),
                                Filters.gte(Facts.VALUE_DATE, FiscalYears.start(fiscalYear).toString()),
                                Filters.lte(Facts.VALUE_DATE, FiscalYears.end(fiscalYear).toString())))
                        .sort(org.alliancetracker.reporting.transaction.TransactionQuery.ORDER)));
    }

    static final List<String> FIGURES = List.of(Facts.OBLIGATED, Facts.DISBURSED);
}
