package org.alliancetracker.reporting.export;

import org.alliancetracker.platform.openapi.ProblemTypes;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.alliancetracker.events.Country;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.country.Countries;
import org.alliancetracker.reporting.indicator.IndicatorView;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Views;
import org.alliancetracker.reporting.transaction.TransactionQuery;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import reactor.core.publisher.Flux;

/**
 * {@code GET /api/v1/export/iati-activities.xml}: one IATI 2.03 {@code iati-activity} per grant whose award has been
 * seen (a grant known only from a disbursement has no title or period yet), streamed grant by grant.
 */
@RestController
@Tag(name = "Exports", description = "Streamed exports")
class IatiExportController {

    static final String MEDIA_TYPE = "application/xml;charset=UTF-8";

    private final ReactiveMongoTemplate mongo;
    private final IatiActivityWriter writer;

    IatiExportController(ReactiveMongoTemplate mongo, ReportingProperties properties) {
        this.mongo = mongo;
        this.writer = new IatiActivityWriter(properties.iati());
    }

    @GetMapping(path = "/api/v1/export/iati-activities.xml", produces = MEDIA_TYPE)
    @Operation(summary = "IATI 2.03 activities (XML)", description = "One iati-activity per grant, valid against the IATI 2.03 schema.")
    @ProblemTypes({"422 invalid-request"})
    ResponseEntity<Flux<String>> export(@RequestParam(required = false) String country) {
        Country only = country == null ? null : Countries.parse(country);
        Bson grants = only == null ? Filters.exists("title") : Filters.and(Filters.exists("title"),
                Filters.eq("country", only.name()));
        Flux<String> activities = mongo.getCollection(Views.INDICATORS)
                .flatMapMany(c -> Flux.from(c.find(Filters.eq("kind", "PROGRAM"))))
                .collectList()
                .map(docs -> docs.stream().filter(d -> d.getString("grantId") != null)
                        .collect(Collectors.groupingBy(d -> d.getString("grantId"))))
                .flatMapMany(programIndicators -> mongo.getCollection(Views.GRANTS)
                        .flatMapMany(c -> Flux.from(c.find(grants).sort(Sorts.ascending("_id"))))
                        .concatMap(grant -> activity(grant, programIndicators)));
        String header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\""
                + IatiActivityWriter.VERSION + "\" generated-datetime=\""
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\">";
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"iati-activities.xml\"")
                .body(Flux.just(header).concatWith(activities).concatWith(Flux.just("\n</iati-activities>\n")));
    }

    private Flux<String> activity(Document grant, Map<String, List<Document>> programIndicators) {
        String grantId = grant.getString("_id");
        List<IndicatorView> indicators = programIndicators.getOrDefault(grantId, List.of()).stream()
                .map(doc -> IndicatorView.of(doc, null)).toList();
        return mongo.getCollection(Views.FACTS)
                .flatMapMany(c -> Flux.from(c.find(Filters.and(Filters.eq(Facts.GRANT_ID, grantId),
                        Filters.in(Facts.FIGURE, Facts.OBLIGATED, Facts.DISBURSED))).sort(TransactionQuery.ORDER)))
                .collectList()
                .map(facts -> writer.activity(grant, facts, indicators))
                .flux();
    }
}
