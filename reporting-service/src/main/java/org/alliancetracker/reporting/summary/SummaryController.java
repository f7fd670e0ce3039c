package org.alliancetracker.reporting.summary;

import org.alliancetracker.platform.openapi.ProblemTypes;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.StoredFiscalYear;
import org.alliancetracker.reporting.projection.Views;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.model.Filters;
import org.bson.conversions.Bson;
import com.mongodb.client.model.Projections;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Views")
class SummaryController {

    private final ReactiveMongoTemplate mongo;
    private final Generations generations;

    private final java.time.Clock clock;

    SummaryController(ReactiveMongoTemplate mongo, Generations generations, java.time.Clock clock) {
        this.mongo = mongo;
        this.generations = generations;
        this.clock = clock;
    }

    /** Current from the fiscal-year views; as of a date from the facts with a value date up to its end. */
    @GetMapping("/api/v1/summary")
    @Operation(operationId = "getSummary", summary = "The Alliance summary per fiscal year", description = "requested, enacted, withheld, released, allocated (to the three countries: less what was "
            + "reprogrammed out of the Plan), obligated, disbursed, and totals; optionally as of the end of a date "
            + "(asOf) and as known at an instant (knownAt).")
    @ProblemTypes({"400 invalid-parameter"})
    Mono<SummaryView> summary(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                              LocalDate asOf, @RequestParam(required = false) String knownAt) {
        java.time.Instant known = org.alliancetracker.reporting.pipeline.KnownAt.parse(knownAt);
        if (known != null) {
            return fromFacts(asOf == null ? LocalDate.now(clock) : asOf, known);
        }
        if (asOf == null) {
            return mongo.getCollection(generations.current().name(Views.FISCAL_YEARS))
                    .flatMapMany(c -> Flux.from(c.find()))
                    .map(view -> YearFigures.of(StoredRecords.fromDocument(view, StoredFiscalYear.class)))
                    .collectList()
                    .map(years -> SummaryView.of(null, years));
        }
        return fromFacts(asOf, null);
    }

    /** As of the end of a day from the facts, only those recorded by {@code knownAt} when given. */
    private Mono<SummaryView> fromFacts(LocalDate asOf, java.time.Instant knownAt) {
        Bson filter = Filters.and(Filters.exists(Facts.FISCAL_YEAR), Filters.lte(Facts.VALUE_DATE, asOf.toString()),
                knownAt == null ? new org.bson.Document()
                        : Filters.lte(Facts.EVENT_TIME, java.util.Date.from(knownAt)));
        return mongo.getCollection(generations.current().name(Views.FACTS))
                .flatMapMany(c -> Flux.from(c.find(filter)
                        .projection(Projections.include(Facts.KIND, Facts.FIGURE, Facts.AMOUNT_CENTS,
                                Facts.FISCAL_YEAR, Facts.VALUE_DATE, Facts.OFFSET, Facts.SOURCE, Facts.WITHHOLDINGS,
                                Facts.WITHHOLDING_ID, Facts.FROM_COUNTRY, Facts.FROM_PILLAR, Facts.TO_COUNTRY,
                                Facts.TO_PILLAR))))
                .collect(TreeMap<Integer, YearFigures>::new, (years, fact) -> {
                    int year = ((Number) fact.get(Facts.FISCAL_YEAR)).intValue();
                    years.computeIfAbsent(year, YearFigures::new).add(fact);
                })
                .map((Map<Integer, YearFigures> years) -> SummaryView.of(asOf, java.util.List.copyOf(years.values())));
    }
}
