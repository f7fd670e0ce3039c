package org.alliancetracker.reporting.transaction;

import org.alliancetracker.platform.openapi.ProblemTypes;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.reporting.country.Countries;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.country.MoneyFact;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.model.Projections;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The drill-down: the individual allocations, obligations and disbursements behind a country's figures. */
@RestController
@Tag(name = "Views")
class TransactionController {

    static final int MAX_SIZE = 1000;

    private final ReactiveMongoTemplate mongo;
    private final Generations generations;

    TransactionController(ReactiveMongoTemplate mongo, Generations generations) {
        this.mongo = mongo;
        this.generations = generations;
    }

    @GetMapping("/api/v1/countries/{iso2}/transactions")
    @Operation(operationId = "listCountryTransactions", summary = "The transactions behind a country's figures", description = "Allocations, reprogrammings (what each moved in the country and pillar: "
            + "− from, + to), obligations and disbursements (and reversals), each with its CloudEvent id, topic, "
            + "partition and offset; totals over all matching rows, equal to the view's figures on both time axes.")
    @ProblemTypes({"400 invalid-parameter", "404 not-found", "422 invalid-request"})
    Mono<TransactionPage> transactions(@PathVariable String iso2,
                                       @RequestParam(required = false) Integer fiscalYear,
                                       @RequestParam(required = false) Pillar pillar,
                                       @RequestParam(required = false) String agency,
                                       @RequestParam(required = false) String grantId,
                                       @RequestParam(required = false) String figure,
                                       @RequestParam(required = false)
                                       @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                       @RequestParam(required = false) String knownAt,
                                       @RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "50") int size) {
        Country country = Countries.parse(iso2);
        if (page < 0) {
            throw ApiProblem.invalidField("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiProblem.invalidField("size", "must be between 1 and " + MAX_SIZE);
        }
        TransactionQuery query = new TransactionQuery(country, fiscalYear, pillar, agency, grantId, figures(figure),
                asOf, org.alliancetracker.reporting.pipeline.KnownAt.parse(knownAt));
        Mono<long[]> totals = mongo.getCollection(generations.current().name(Views.FACTS))
                .flatMapMany(c -> Flux.from(c.find(query.filter())
                        .projection(Projections.include(Facts.KIND, Facts.FIGURE, Facts.AMOUNT_CENTS, Facts.COUNTRY,
                                Facts.PILLAR, Facts.FROM_COUNTRY, Facts.FROM_PILLAR, Facts.TO_COUNTRY,
                                Facts.TO_PILLAR))))
                .map(fact -> StoredRecords.fromDocument(fact, MoneyFact.class))
                .reduceWith(() -> new long[4], (sums, fact) -> {
                    for (MoneyFact.Move move : query.movesInScope(fact)) {
                        int index = TransactionQuery.ALL_FIGURES.indexOf(move.figure());
                        sums[index] = Math.addExact(sums[index], move.cents());
                    }
                    sums[3]++;
                    return sums;
                });
        Mono<List<Transaction>> rows = mongo.getCollection(generations.current().name(Views.FACTS))
                .flatMapMany(c -> Flux.from(c.find(query.filter()).sort(TransactionQuery.ORDER)
                        .skip((int) Math.min(Integer.MAX_VALUE, (long) page * size)).limit(size)))
                .map((Document fact) -> Transaction.of(fact, query))
                .collectList();
        return Mono.zip(totals, rows).map(found -> {
            long[] sums = found.getT1();
            return new TransactionPage(country.name(), asOf, page, size, sums[3], (sums[3] + size - 1) / size,
                    new TransactionPage.Totals(Money.fromCents(sums[0]), Money.fromCents(sums[1]),
                            Money.fromCents(sums[2])), found.getT2());
        });
    }

    private static List<String> figures(String figure) {
        if (figure == null || figure.isBlank()) {
            return TransactionQuery.ALL_FIGURES;
        }
        String wanted = figure.toLowerCase(Locale.ROOT);
        if (!TransactionQuery.ALL_FIGURES.contains(wanted)) {
            throw ApiProblem.invalidField("figure", "must be one of " + TransactionQuery.ALL_FIGURES);
        }
        return List.of(wanted);
    }
}
