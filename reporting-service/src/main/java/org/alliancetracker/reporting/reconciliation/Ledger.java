package org.alliancetracker.reporting.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;

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
    private final Generations generations;

    Ledger(ReactiveMongoTemplate mongo, Generations generations) {
        this.mongo = mongo;
        this.generations = generations;
    }

    Mono<GrantIndex> grants() {
        Query all = new Query();
        all.fields().include("country", "agency");
        return mongo.find(all, LedgerRecords.GrantRow.class, generations.current().name(Views.GRANTS))
                .collectMap(LedgerRecords.GrantRow::id,
                        grant -> new GrantIndex.Grant(grant.id(), grant.country(), grant.agency()))
                .map(GrantIndex::new);
    }

    /**
     * The two time axes of our side: as of the end of {@code asOf} (value date) and as known at {@code knownAt}
     * (CloudEvent time); null: every value date, everything recorded.
     */
    record Axes(LocalDate asOf, Instant knownAt) {

        /** The last value date of a fiscal year that counts: its end, or {@code asOf} when that is earlier. */
        String lastValueDate(int fiscalYear) {
            LocalDate end = FiscalYears.end(fiscalYear);
            return (asOf != null && asOf.isBefore(end) ? asOf : end).toString();
        }
    }

    /** Cents per (grant, fiscal year, figure); {@code onlyFiscalYear} null for all years. */
    Mono<Map<Key, Long>> figures(Integer onlyFiscalYear, Axes axes) {
        Criteria criteria = Criteria.where(Facts.FIGURE).in(Facts.OBLIGATED, Facts.DISBURSED);
        if (onlyFiscalYear != null) {
            criteria = criteria.and(Facts.VALUE_DATE).gte(FiscalYears.start(onlyFiscalYear).toString())
                    .lte(axes.lastValueDate(onlyFiscalYear));
        } else if (axes.asOf() != null) {
            criteria = criteria.and(Facts.VALUE_DATE).lte(axes.asOf().toString());
        }
        if (axes.knownAt() != null) {
            criteria = criteria.and(Facts.EVENT_TIME).lte(Date.from(axes.knownAt()));
        }
        Query facts = Query.query(criteria);
        facts.fields().include(Facts.GRANT_ID, Facts.FIGURE, Facts.AMOUNT_CENTS, Facts.VALUE_DATE).exclude("_id");
        return mongo.find(facts, LedgerRecords.FactRow.class, generations.current().name(Views.FACTS))
                .filter(fact -> fact.grantId() != null && fact.valueDate() != null)
                .reduceWith(HashMap::new, (Map<Key, Long> sums, LedgerRecords.FactRow fact) -> {
                    Key key = Key.matched(fact.grantId(), FiscalYears.of(LocalDate.parse(fact.valueDate())),
                            fact.figure());
                    sums.merge(key, fact.amountCents(), Math::addExact);
                    return sums;
                });
    }

    /**
     * The facts behind one of our figures, in value-date order (the drill-down of a reconciliation line), on the same
     * axes as the figure, so that they add up to it.
     */
    Flux<Document> facts(String grantId, int fiscalYear, String figure, Axes axes) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq(Facts.GRANT_ID, grantId),
                Filters.eq(Facts.FIGURE, figure),
                Filters.gte(Facts.VALUE_DATE, FiscalYears.start(fiscalYear).toString()),
                Filters.lte(Facts.VALUE_DATE, axes.lastValueDate(fiscalYear))));
        if (axes.knownAt() != null) {
            filters.add(Filters.lte(Facts.EVENT_TIME, Date.from(axes.knownAt())));
        }
        return mongo.getCollection(generations.current().name(Views.FACTS))
                .flatMapMany(c -> Flux.from(c.find(Filters.and(filters))
                        .sort(org.alliancetracker.reporting.transaction.TransactionQuery.ORDER)));
    }

    static final List<String> FIGURES = List.of(Facts.OBLIGATED, Facts.DISBURSED);
}
