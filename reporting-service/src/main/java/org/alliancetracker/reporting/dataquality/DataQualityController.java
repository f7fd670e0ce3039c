package org.alliancetracker.reporting.dataquality;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alliancetracker.platform.deadletter.DeadLetter;
import org.alliancetracker.platform.deadletter.DeadLetterProperties;
import org.alliancetracker.platform.deadletter.DeadLetters;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.reporting.pipeline.KnownAt;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/data-quality}: per agency, how fresh and complete its reporting is ({@link DataQualityView}).
 * Computed from what the projection already keeps (the disbursement and reversal facts, the grant views) and from the
 * dead-letter topics, in one pass each; one report is reused for {@code cacheFor} so a dashboard full of readers
 * costs one computation. {@code asOf} and {@code knownAt} (the two time axes of every view) give the report of a past
 * day as known at an instant, computed on request (not cached).
 */
@RestController
@Tag(name = "Views", description = "None")
class DataQualityController {

    static final String PATH = "/api/v1/data-quality";
    private static final Logger log = LoggerFactory.getLogger(DataQualityController.class);
    private static final Pattern AGENCY = Pattern.compile("\"agency\"\\s*:\\s*\"([A-Za-z0-9_-]{1,64})\"");

    private final ReactiveMongoTemplate mongo;
    private final Generations generations;
    private final ObjectProvider<DeadLetters> deadLetters;
    private final DeadLetterProperties deadLetterProperties;
    private final DataQualityProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Mono<DataQualityView> report;

    DataQualityController(ReactiveMongoTemplate mongo, Generations generations, ObjectProvider<DeadLetters> deadLetters,
                          DeadLetterProperties deadLetterProperties, DataQualityProperties properties) {
        this.mongo = mongo;
        this.generations = generations;
        this.deadLetters = deadLetters;
        this.deadLetterProperties = deadLetterProperties;
        this.properties = properties;
        this.report = Mono.defer(this::compute)
                .cache(view -> properties.cacheFor(), e -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDataQuality", summary = "Data quality per agency", description = "Last posting, reporting lag (recorded time − value "
            + "date: median and 90th percentile per fiscal quarter), active grants with no disbursement for 90 days, "
            + "grants past their end date with money undisbursed, reversals and their share, events dead-lettered. "
            + "asOf (a date): as of the end of that day, the postings with a value date up to it, each grant with its "
            + "status then (none before its award), dormancy and past-end counted to that day. knownAt (an instant, "
            + "or a date meaning its end, UTC): only postings, status changes and dead letters recorded by then "
            + "(dead letters beyond the listing limit cannot be dated and are left out). With knownAt and no asOf the "
            + "report is as of knownAt's day.")
    @ProblemTypes({"400 invalid-parameter"})
    Mono<DataQualityView> dataQuality(@RequestParam(required = false)
                                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                      @RequestParam(required = false) String knownAt) {
        Instant known = KnownAt.parse(knownAt);
        if (asOf == null && known == null) {
            return report;
        }
        return compute(asOf != null ? asOf : LocalDate.ofInstant(known, ZoneOffset.UTC), known);
    }

    private Mono<DataQualityView> compute() {
        return compute(null, null);
    }

    private Mono<DataQualityView> compute(LocalDate asOf, Instant knownAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        QualityReport quality = new QualityReport(LocalDate.ofInstant(now, ZoneOffset.UTC),
                properties.dormantAfter().toDays(), asOf, knownAt);
        Criteria facts = Criteria.where(Facts.KIND).in(Facts.OBLIGATION, Facts.AMENDMENT, Facts.DISBURSEMENT,
                Facts.REVERSAL);
        if (asOf != null) {
            facts = facts.and(Facts.VALUE_DATE).lte(asOf.toString());
        }
        if (knownAt != null) {
            facts = facts.and(Facts.EVENT_TIME).lte(java.util.Date.from(knownAt));
        }
        Query postings = Query.query(facts);
        postings.fields().include(Facts.KIND, Facts.AGENCY, Facts.GRANT_ID, Facts.AMOUNT_CENTS, Facts.VALUE_DATE,
                Facts.EVENT_TIME);
        return mongo.find(postings, PostingFact.class, generations.current().name(Views.FACTS))
                .doOnNext(quality::posting)
                .thenMany(mongo.findAll(GrantFacts.class, generations.current().name(Views.GRANTS)))
                .doOnNext(quality::grant)
                .then(deadLetters(quality, knownAt))
                .map(totals -> quality.view(now, totals));
    }

    /** Reads the dead-letter topics (blocking Kafka reads, on a worker thread) and attributes each to its agency. */
    private Mono<DataQualityView.DeadLetters> deadLetters(QualityReport quality, Instant knownAt) {
        DeadLetters topics = deadLetters.getIfAvailable();
        if (topics == null) {
            return Mono.just(new DataQualityView.DeadLetters(false, 0, 0));
        }
        return Mono.fromCallable(() -> {
                    long total = 0;
                    long unattributed = 0;
                    for (var summary : topics.summary()) {
                        if (summary.total() == 0) {
                            continue;
                        }
                        List<DeadLetter> listed = topics.list(summary.topic(), deadLetterProperties.maxRecords(), false)
                                .records();
                        List<DeadLetter> records = knownAt == null ? listed : listed.stream()
                                .filter(r -> r.deadLetteredAt() != null && !r.deadLetteredAt().isAfter(knownAt))
                                .toList();
                        // with knownAt only the listed ones, which carry the time they were dead-lettered
                        total += knownAt == null ? summary.total() : records.size();
                        for (DeadLetter record : records) {
                            String agency = agencyOf(record.payload());
                            if (agency == null) {
                                unattributed++;
                            } else {
                                quality.deadLetter(agency);
                            }
                        }
                        if (knownAt == null) {
                            unattributed += summary.total() - records.size(); // beyond the listing limit
                        }
                    }
                    return new DataQualityView.DeadLetters(true, total, unattributed);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> {
                    log.warn("Dead letters not counted in the data-quality report: {}", e.getMessage());
                    return Mono.just(new DataQualityView.DeadLetters(false, 0, 0));
                });
    }

    /** The agency a dead-lettered grant or disbursement event names ({@code data.grant.agency}), if readable. */
    static String agencyOf(String payload) {
        if (payload == null) {
            return null;
        }
        Matcher matcher = AGENCY.matcher(payload);
        return matcher.find() ? matcher.group(1) : null;
    }


}
