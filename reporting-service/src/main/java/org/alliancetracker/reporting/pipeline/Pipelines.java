package org.alliancetracker.reporting.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.alliancetracker.events.Country;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * Computes pipeline views and their drill-downs from the {@code facts} (one plain {@code find}, summed in Java with
 * exact {@code long}s, like every as-of view): a rebuild or replay recreates the same facts, so the same figures on
 * both axes.
 */
@Service
public class Pipelines {

    private static final List<String> KINDS = List.of(Facts.ENACTED, Facts.ALLOCATION, Facts.OBLIGATION,
            Facts.AMENDMENT, Facts.DISBURSEMENT, Facts.REVERSAL, Facts.REPROGRAMMING, Facts.RESCISSION);

    private final ReactiveMongoTemplate mongo;
    private final Generations generations;
    private final Clock clock;

    public Pipelines(ReactiveMongoTemplate mongo, Generations generations, Clock clock) {
        this.mongo = mongo;
        this.generations = generations;
        this.clock = clock;
    }

    /** The pipeline of a country, or of the Alliance when {@code country} is null. */
    public Mono<PipelineView> view(Country country, LocalDate asOf, Instant knownAt) {
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        return facts(country, knownAt).map(facts -> PipelineView.of(scope(country), knownAt,
                PipelineCalculator.of(facts, day, country == null ? null : country.name())));
    }

    public Mono<PipelineTransactions> transactions(Country country, PipelineFigure figure, Integer fiscalYear,
                                                   String account, String pillar, String agency, LocalDate asOf,
                                                   Instant knownAt) {
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        return facts(country, knownAt).map(facts -> {
            List<PipelineRow> rows = PipelineCalculator.of(facts, day, country == null ? null : country.name())
                    .contributions().stream()
                    .filter(c -> c.figure() == figure)
                    .filter(c -> fiscalYear == null || c.fiscalYear() == fiscalYear)
                    .filter(c -> account == null || account.equals(c.account()))
                    .filter(c -> pillar == null || pillar.equals(c.pillar() == null ? PipelineView.UNALLOCATED
                            : c.pillar()))
                    .filter(c -> agency == null || agency.equals(c.agency()))
                    .map(PipelineRow::of)
                    .toList();
            var total = rows.stream().map(PipelineRow::amount).reduce(java.math.BigDecimal.ZERO.setScale(2),
                    java.math.BigDecimal::add);
            return new PipelineTransactions(scope(country), figure.key(), day, knownAt, fiscalYear, account, pillar,
                    agency, total, rows);
        });
    }

    private static String scope(Country country) {
        return country == null ? "ALLIANCE" : country.name();
    }

    private Mono<List<PipelineFact>> facts(Country country, Instant knownAt) {
        List<Criteria> criteria = new ArrayList<>(List.of(Criteria.where(Facts.KIND).in(KINDS)));
        if (knownAt != null) {
            criteria.add(Criteria.where(Facts.EVENT_TIME).lte(Date.from(knownAt)));
        }
        if (country != null) {
            criteria.add(new Criteria().orOperator(Criteria.where(Facts.COUNTRY).is(country.name()),
                    Criteria.where(Facts.FROM_COUNTRY).is(country.name()),
                    Criteria.where(Facts.TO_COUNTRY).is(country.name()),
                    Criteria.where(Facts.KIND).is(Facts.ENACTED)));
        }
        Query query = new Query(new Criteria().andOperator(criteria));
        return mongo.find(query, PipelineFact.class, generations.current().name(Views.FACTS)).filter(Objects::nonNull)
                .collectList();
    }
}
