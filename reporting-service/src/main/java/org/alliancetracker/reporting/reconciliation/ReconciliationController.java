package org.alliancetracker.reporting.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.reporting.pipeline.KnownAt;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.transaction.Transaction;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/v1/reconciliations}: an outside file checked against the ledger, every difference classified
 * ({@link Comparison}); {@code GET /api/v1/reconciliations/{id}}, its {@code .csv} and the events behind each of our
 * figures. The file is read as a stream on a worker thread ({@link IatiActivitiesReader}, {@link AwardCsvReader}),
 * wholly, before anything is stored: a file refused at any line stores nothing.
 */
@RestController
@Tag(name = "Reconciliations", description = "Outside files checked against the ledger")
class ReconciliationController {

    static final String PATH = "/api/v1/reconciliations";
    static final String CSV = "text/csv";
    private static final Pattern AGENCY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final int BODY_DEMAND = 4;

    private final Ledger ledger;
    private final ReconciliationStore store;
    private final ReconciliationProperties properties;

    ReconciliationController(Ledger ledger, ReconciliationStore store, ReconciliationProperties properties) {
        this.ledger = ledger;
        this.store = store;
        this.properties = properties;
    }

    @PostMapping(path = PATH, consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, CSV},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "reconcile", summary = "Reconcile an outside file against the ledger",
            description = "An IATI 2.03 activities file (application/xml) or a CSV of award-level figures (text/csv: "
                    + "award_id, fiscal_year, period, obligations, outlays; optional currency, value_date). Answers "
                    + "201 with the reconciliation and its Location. Optional agency (our grants in scope: that "
                    + "agency's and every grant the file names) and fiscalYear (both sides limited to it). asOf (a "
                    + "date) and knownAt (an instant, or a date meaning its end, UTC) take our side as of the end of "
                    + "that day (value dates up to it) and as known then (events recorded by then): a file published "
                    + "earlier, such as our own IATI export with the same asOf and knownAt, reconciles against the "
                    + "ledger it was made from.")
    @ProblemTypes({"400 invalid-parameter", "413 payload-too-large", "415 unsupported-media-type", "422 invalid-file",
            "422 invalid-request"})
    Mono<ResponseEntity<ReconciliationView>> create(ServerHttpRequest request,
                                                    @RequestParam(required = false) String agency,
                                                    @RequestParam(required = false) Integer fiscalYear,
                                                    @RequestParam(required = false)
                                                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                                    @RequestParam(required = false) String knownAt) {
        Ledger.Axes axes = new Ledger.Axes(asOf, KnownAt.parse(knownAt));
        if (agency != null && !AGENCY.matcher(agency).matches()) {
            throw ApiProblem.invalidField("agency", "must be an agency code such as USAID or STATE-INL");
        }
        if (fiscalYear != null && (fiscalYear < 1900 || fiscalYear > 2999)) {
            throw ApiProblem.invalidField("fiscalYear", "must be a year from 1900 to 2999");
        }
        MediaType type = request.getHeaders().getContentType();
        boolean csv = type != null && MediaType.parseMediaType(CSV).isCompatibleWith(type);
        String format = csv ? AwardCsvReader.FORMAT : IatiActivitiesReader.FORMAT;
        return ledger.grants()
                .flatMap(grants -> Mono.fromCallable(() -> read(request, grants, csv, fiscalYear))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(theirs -> Mono.defer(() -> {
                            // made when our side is read: without knownAt its drill-down is as known then
                            Instant made = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                            return ledger.figures(fiscalYear, axes)
                                    .map(ours -> Comparison.compare(grants, ours, theirs.cents(), agency))
                                    .flatMap(result -> store.save(UUID.randomUUID().toString(), made, format,
                                            agency, fiscalYear, axes, theirs.summary(format), result));
                        })))
                .map(stored -> ResponseEntity.created(URI.create(PATH + "/" + stored.reconciliation().id()))
                        .body(ReconciliationView.of(stored)));
    }

    /** Reads the whole file (blocking, on a worker thread) into their figures, or refuses it. */
    private TheirFigures read(ServerHttpRequest request, GrantIndex grants, boolean csv, Integer fiscalYear) {
        TheirFigures theirs = new TheirFigures(properties.maxKeys(), fiscalYear);
        long limit = properties.maxFileSize().toBytes();
        InputStream body = DataBufferUtils.subscriberInputStream(request.getBody(), BODY_DEMAND);
        BoundedInput in = new BoundedInput(body, limit);
        try {
            if (csv) {
                new AwardCsvReader(grants, theirs).read(in);
            } else {
                new IatiActivitiesReader(grants, theirs).read(in);
            }
            return theirs;
        } catch (BoundedInput.TooLarge e) {
            throw FileProblems.tooLarge(e.limit);
        } catch (ApiProblem e) {
            in.drain(); // a client that sends the whole file before reading must still get the answer
            throw e;
        } finally {
            try {
                body.close();
            } catch (IOException ignored) {
                // the request is over
            }
        }
    }

    @GetMapping(path = PATH + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getReconciliation", summary = "A reconciliation", description = "Totals, the classified differences and ours vs theirs per "
            + "grant, fiscal year and figure.")
    @ProblemTypes({"404 not-found"})
    Mono<ReconciliationView> get(@PathVariable String id) {
        return store.find(id).map(ReconciliationView::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Reconciliation", id)));
    }

    @GetMapping(path = PATH + "/{id}.csv", produces = DifferencesCsv.MEDIA_TYPE)
    @Operation(operationId = "getReconciliationCsv", summary = "The differences of a reconciliation as CSV (RFC 4180)",
            description = "Formula-like text cells are prefixed with ' so the file is safe to open in a spreadsheet.")
    @ProblemTypes({"404 not-found"})
    Mono<ResponseEntity<Flux<String>>> csv(@PathVariable String id) {
        return store.find(id).map(ReconciliationView::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Reconciliation", id)))
                .map(view -> ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                "attachment; filename=\"reconciliation-" + id + ".csv\"")
                        .body(Flux.just(DifferencesCsv.header())
                                .concatWith(Flux.fromIterable(view.differences()).map(DifferencesCsv::record))));
    }

    @GetMapping(path = PATH + "/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getReconciliationEvents", summary = "The events behind one of our figures",
            description = "The obligations or disbursements (and reversals) of a grant in a fiscal year on the "
                    + "reconciliation's axes: value dates up to its asOf, events recorded by its knownAt or, without "
                    + "one, by when it was made; so they add up to our figure in it. Each with its CloudEvent id, "
                    + "topic, partition and offset.")
    @ProblemTypes({"404 not-found", "422 invalid-request"})
    Flux<Transaction> events(@PathVariable String id, @RequestParam String grantId, @RequestParam int fiscalYear,
                             @RequestParam String figure) {
        if (!List.of(Facts.OBLIGATED, Facts.DISBURSED).contains(figure)) {
            throw ApiProblem.invalidField("figure", "must be one of " + List.of(Facts.OBLIGATED, Facts.DISBURSED));
        }
        return store.header(id)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Reconciliation", id)))
                .flatMapMany(r -> ledger.facts(grantId, fiscalYear, figure, new Ledger.Axes(
                        r.asOf() == null ? null : LocalDate.parse(r.asOf()),
                        r.knownAt() != null ? r.knownAt() : r.createdAt())))
                .map(Transaction::of);
    }

}
