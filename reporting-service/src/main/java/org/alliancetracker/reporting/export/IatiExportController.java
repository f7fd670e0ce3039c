package org.alliancetracker.reporting.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.iati.IatiCodes;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.country.Countries;
import org.alliancetracker.reporting.indicator.IndicatorView;
import org.alliancetracker.reporting.indicator.StoredIndicator;
import org.alliancetracker.reporting.pipeline.KnownAt;
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

import com.mongodb.client.model.Filters;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/v1/export/iati-activities.xml[?reportingOrg=&country=&sector=&asOf=&knownAt=]}: one IATI 2.03
 * {@code iati-activity} per grant whose award has been seen (a grant known only from a disbursement has no title or
 * period yet), streamed grant by grant. {@code reportingOrg} gives the file one reporting organisation publishes to
 * the IATI Registry ({@code US-GOV-1}: USAID's grants). {@code asOf} (value date) and {@code knownAt} (recording
 * instant) are the two time axes of every view: the file as of the end of a day, as known at an instant.
 */
@RestController
@Tag(name = "Exports", description = "Streamed exports")
class IatiExportController {

    static final String MEDIA_TYPE = "application/xml;charset=UTF-8";

    private final ReactiveMongoTemplate mongo;
    private final Generations generations;
    private final IatiActivityWriter writer;
    private final ExportedGrants grants;

    IatiExportController(ReactiveMongoTemplate mongo, Generations generations, ReportingProperties properties, IatiCodes codes,
                         ExportedGrants grants) {
        this.mongo = mongo;
        this.generations = generations;
        this.writer = new IatiActivityWriter(properties.iati(), codes);
        this.grants = grants;
    }

    @GetMapping(path = "/api/v1/export/iati-activities.xml", produces = MEDIA_TYPE)
    @Operation(operationId = "exportIatiActivities", summary = "IATI 2.03 activities (XML)", description = "One iati-activity per grant, valid against the "
            + "IATI 2.03 schema and the IATI Validator's 2.03 rules; filtered by reporting organisation (US-GOV-1, "
            + "US-GOV-11), country and DAC sector code. asOf (a date, value date) gives the file as of the end of "
            + "that day: only grants awarded (obligated) by then, their status then, the transactions (and so the "
            + "budgets) with a value date on or before it and the indicator actuals of periods ended by then, so the "
            + "disbursements of an activity add up to the views' figure asOf. knownAt (an instant, or a date meaning its end, UTC) gives "
            + "the file as the tracker could have published it then: only grants whose award, transactions, status "
            + "changes and indicator results had been recorded (CloudEvent time) by then, so a file published before "
            + "a correction can be reproduced; a grant's title, period, sectors and partners are its current ones. The two combine: as of a day, as known "
            + "at an instant.")
    @ProblemTypes({"400 invalid-parameter", "422 invalid-request"})
    ResponseEntity<Flux<String>> export(@RequestParam(required = false) String reportingOrg,
                                        @RequestParam(required = false) String country,
                                        @RequestParam(required = false) String sector,
                                        @RequestParam(required = false)
                                        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                        @RequestParam(required = false) String knownAt) {
        Instant known = KnownAt.parse(knownAt);
        Country only = country == null ? null : Countries.parse(country);
        ExportedGrants.Selection selection = grants.selection(reportingOrg, only, sector);
        LocalDate now = known == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.ofInstant(known, ZoneOffset.UTC);
        LocalDate today = asOf != null && asOf.isBefore(now) ? asOf : now; // the file's day: no actual date after it
        Flux<String> activities = mongo.getCollection(generations.current().name(Views.INDICATORS))
                .flatMapMany(c -> Flux.from(c.find(Filters.eq("kind", "PROGRAM"))))
                .map(doc -> StoredRecords.fromDocument(doc, StoredIndicator.class))
                .filter(indicator -> indicator.grantId() != null && IndicatorView.known(indicator, known))
                .collectList()
                .map(indicators -> indicators.stream().collect(Collectors.groupingBy(StoredIndicator::grantId)))
                .flatMapMany(programIndicators -> grants.find(selection)
                        .filter(grant -> grant.known(asOf, known))
                        .concatMap(grant -> activity(grant, programIndicators, today, asOf, known)));
        String header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\""
                + IatiActivityWriter.VERSION + "\" generated-datetime=\""
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\">";
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"iati-activities.xml\"")
                .body(Flux.just(header).concatWith(activities).concatWith(Flux.just("\n</iati-activities>\n")));
    }

    private Flux<String> activity(IatiGrant grant, Map<String, List<StoredIndicator>> programIndicators,
                                  LocalDate today, LocalDate asOf, Instant knownAt) {
        List<IndicatorView> indicators = programIndicators.getOrDefault(grant.id(), List.of()).stream()
                .map(indicator -> IndicatorView.of(indicator, asOf, knownAt)).toList();
        // the drill-down's own query: the grant's obligations and disbursements, on both axes
        TransactionQuery query = new TransactionQuery(null, null, null, null, grant.id(),
                List.of(Facts.OBLIGATED, Facts.DISBURSED), asOf, knownAt);
        return mongo.getCollection(generations.current().name(Views.FACTS))
                .flatMapMany(c -> Flux.from(c.find(query.filter()).sort(TransactionQuery.ORDER)))
                .map(Transaction::of)
                .collectList()
                .map(transactions -> writer.activity(grant.as(asOf, knownAt, transactions.stream()
                        .map(Transaction::eventTime).filter(Objects::nonNull).max(Instant::compareTo)
                        .orElse(null)), transactions, indicators, today))
                .flux();
    }
}
