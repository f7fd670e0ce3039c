package org.alliancetracker.reporting.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.iati.IatiCodes;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.country.Countries;
import org.alliancetracker.reporting.indicator.IndicatorView;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.alliancetracker.reporting.transaction.Transaction;
import org.alliancetracker.reporting.transaction.TransactionQuery;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
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
 * {@code GET /api/v1/export/iati-activities.xml[?reportingOrg=&country=&sector=]}: one IATI 2.03
 * {@code iati-activity} per grant whose award has been seen (a grant known only from a disbursement has no title or
 * period yet), streamed grant by grant. {@code reportingOrg} gives the file one reporting organisation publishes to
 * the IATI Registry ({@code US-GOV-1}: USAID's grants).
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
            + "US-GOV-11), country and DAC sector code.")
    @ProblemTypes({"422 invalid-request"})
    ResponseEntity<Flux<String>> export(@RequestParam(required = false) String reportingOrg,
                                        @RequestParam(required = false) String country,
                                        @RequestParam(required = false) String sector) {
        Country only = country == null ? null : Countries.parse(country);
        ExportedGrants.Selection selection = grants.selection(reportingOrg, only, sector);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Flux<String> activities = mongo.getCollection(generations.current().name(Views.INDICATORS))
                .flatMapMany(c -> Flux.from(c.find(Filters.eq("kind", "PROGRAM"))))
                .collectList()
                .map(docs -> docs.stream().filter(d -> d.getString("grantId") != null)
                        .collect(Collectors.groupingBy(d -> d.getString("grantId"))))
                .flatMapMany(programIndicators -> grants.find(selection)
                        .concatMap(grant -> activity(grant, programIndicators, today)));
        String header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\""
                + IatiActivityWriter.VERSION + "\" generated-datetime=\""
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\">";
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"iati-activities.xml\"")
                .body(Flux.just(header).concatWith(activities).concatWith(Flux.just("\n</iati-activities>\n")));
    }

    private Flux<String> activity(IatiGrant grant, Map<String, List<org.bson.Document>> programIndicators,
                                  LocalDate today) {
        List<IndicatorView> indicators = programIndicators.getOrDefault(grant.id(), List.of()).stream()
                .map(doc -> IndicatorView.of(doc, null)).toList();
        return mongo.getCollection(generations.current().name(Views.FACTS))
                .flatMapMany(c -> Flux.from(c.find(Filters.and(Filters.eq(Facts.GRANT_ID, grant.id()),
                        Filters.in(Facts.FIGURE, Facts.OBLIGATED, Facts.DISBURSED))).sort(TransactionQuery.ORDER)))
                .map(Transaction::of)
                .collectList()
                .map(transactions -> writer.activity(grant, transactions, indicators, today))
                .flux();
    }
}
