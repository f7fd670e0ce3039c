package org.alliancetracker.reporting.export;

import org.alliancetracker.platform.openapi.ProblemTypes;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.reporting.country.Countries;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.alliancetracker.reporting.transaction.Transaction;
import org.alliancetracker.reporting.transaction.TransactionQuery;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/export/transactions.csv}: every obligation (award, amendment) and disbursement (and reversal),
 * one CSV record each (RFC 4180, UTF-8, header line), streamed from the facts in value-date order. Amounts are
 * signed USD with two decimals; {@code event_id} leads back to the CloudEvent.
 */
@RestController
@Tag(name = "Exports", description = "Streamed exports")
class TransactionsCsvController {

    static final String MEDIA_TYPE = "text/csv;charset=UTF-8;header=present";
    static final List<String> HEADER = List.of("country", "pillar", "agency", "grant_id", "fiscal_year", "value_date",
            "kind", "amount", "currency", "event_id", "event_type", "topic", "partition", "offset", "description");
    private static final int RECORDS_PER_CHUNK = 500;

    private final ReactiveMongoTemplate mongo;
    private final Generations generations;
    private final ExportedGrants grants;

    TransactionsCsvController(ReactiveMongoTemplate mongo, Generations generations, ExportedGrants grants) {
        this.mongo = mongo;
        this.generations = generations;
        this.grants = grants;
    }

    @GetMapping(path = "/api/v1/export/transactions.csv", produces = MEDIA_TYPE)
    @Operation(operationId = "exportTransactionsCsv", summary = "Transactions as CSV (RFC 4180)", description = "One record per obligation or disbursement, "
            + "streamed; reportingOrg (US-GOV-1, US-GOV-11) and sector (a DAC code) select the grants as the IATI "
            + "export does.")
    @ProblemTypes({"400 invalid-parameter", "422 invalid-request"})
    ResponseEntity<Flux<String>> export(@RequestParam(required = false) String country,
                                        @RequestParam(required = false) Integer fiscalYear,
                                        @RequestParam(required = false)
                                        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                        @RequestParam(required = false) String knownAt,
                                        @RequestParam(required = false) String reportingOrg,
                                        @RequestParam(required = false) String sector) {
        Country only = country == null ? null : Countries.parse(country);
        TransactionQuery query = new TransactionQuery(only, fiscalYear, null, null, null,
                List.of(Facts.OBLIGATED, Facts.DISBURSED), asOf,
                org.alliancetracker.reporting.pipeline.KnownAt.parse(knownAt));
        // by reporting organisation or sector: the facts of the grants the IATI export would select
        Mono<Bson> filter = reportingOrg == null && sector == null ? Mono.just(query.filter())
                : grants.find(grants.selection(reportingOrg, only, sector)).map(IatiGrant::id).collectList()
                        .map(ids -> Filters.and(query.filter(), Filters.in(Facts.GRANT_ID, ids)));
        Flux<String> records = filter.flatMapMany(f -> mongo.getCollection(generations.current().name(Views.FACTS))
                        .flatMapMany(c -> Flux.from(c.find(f).sort(TransactionQuery.ORDER))))
                .map(Transaction::of)
                .map(TransactionsCsvController::record)
                .buffer(RECORDS_PER_CHUNK)
                .map(chunk -> String.join("", chunk));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"transactions.csv\"")
                .body(Flux.just(Csv.record(HEADER)).concatWith(records));
    }

    static String record(Transaction t) {
        return Csv.record(Arrays.asList(t.country(), t.pillar(), t.agency(), t.grantId(), t.fiscalYear(),
                t.valueDate(), t.kind(), Money.normalize(t.amount()), Money.USD, t.eventId(), t.eventType(),
                t.topic(), t.partition(), t.offset(), t.description()));
    }
}
