package org.alliancetracker.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.appropriation.Account;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AllocationRef;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.AppropriationRescinded;
import org.alliancetracker.events.appropriation.FundsReprogrammed;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.reporting.pipeline.PipelineFigure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * The pipeline views from real events through the real broker and store: unobligated (with what was never allocated
 * at the Alliance level), unliquidated by age, expiring, expired and cancelled funds, reprogrammings and rescissions,
 * exact to the cent; every figure's drill-down adds up to it, as of a date and as known at an instant; a rebuild
 * gives the same figures on both axes.
 */
@ReportingServiceTest
class PipelineIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;
    Api api;
    TestEvents events;
    int fy;
    String year;

    @BeforeEach
    void setUp() {
        api = new Api(http);
        events = new TestEvents();
        fy = events.fiscalYear;
        year = Integer.toString(fy);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void pipelineFiguresOnBothTimeAxesAddUpToTheirDrillDownAndSurviveARebuild() {
        LocalDate start = LocalDate.of(fy - 1, 10, 1);
        events.publish(new AppropriationEnacted(fy, new BigDecimal("1000.00"), "Act", List.of(), List.of(
                new Account("ESF", new BigDecimal("600.00"), LocalDate.of(fy, 9, 30)),
                new Account("INCLE", new BigDecimal("400.00"), LocalDate.of(fy + 1, 9, 30)))));
        String a = allocate(Country.GT, "ESF", "300.00", start.plusMonths(1));
        String b = allocate(Country.HN, "ESF", "100.00", start.plusMonths(1));
        String c = allocate(Country.GT, "INCLE", "200.00", start.plusMonths(1));
        String d = allocate(Country.HN, "INCLE", "50.00", start.plusMonths(1));
        GrantRef grant = new GrantRef(TestEvents.id("GT-G"), a, fy, Country.GT, Pillar.HUMAN_CAPITAL, "USAID");
        events.publish(new GrantAwarded(grant, "Grant", new BigDecimal("250.00"), start.plusMonths(2),
                LocalDate.of(fy, 12, 31), start.plusMonths(2)));
        events.publish(new DisbursementRecorded(TestEvents.id("D"), grant, new BigDecimal("100.00"), "USD",
                LocalDate.of(fy, 3, 1), "INV-1", "first"));
        events.publish(new FundsReprogrammed(TestEvents.id("RP"), fy, "ESF",
                new AllocationRef(b, Country.HN, Pillar.HUMAN_CAPITAL), null, "Other programs",
                new BigDecimal("40.00"), "CN 1", LocalDate.of(fy, 4, 1), LocalDate.of(fy, 5, 1), "suspension"));
        events.publish(new FundsReprogrammed(TestEvents.id("RP"), fy, "INCLE",
                new AllocationRef(c, Country.GT, Pillar.HUMAN_CAPITAL),
                new AllocationRef(d, Country.HN, Pillar.HUMAN_CAPITAL), null,
                new BigDecimal("20.00"), "CN 2", LocalDate.of(fy, 4, 1), LocalDate.of(fy, 5, 1), null));
        events.publish(new AppropriationRescinded(TestEvents.id("R"), fy, "INCLE", new BigDecimal("10.00"),
                "Rescissions Act", LocalDate.of(fy, 5, 8)));
        String asOf = fy + "-09-01";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Api.money(
                api.get("/api/v1/pipeline?asOf=" + asOf).path("byFiscalYear").path(year), "rescinded"))
                .isEqualTo("10.00"));
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        // event times are whole milliseconds: an instant just before this one, after everything published so far
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);

        // recorded later: an amendment (obligated late in the period) and a disbursement dated back in March
        events.publish(new GrantAmended(grant, new BigDecimal("250.00"), new BigDecimal("280.00"), "late", 
                LocalDate.of(fy, 6, 1)));
        events.publish(new DisbursementRecorded(TestEvents.id("D"), grant, new BigDecimal("0.01"), "USD",
                LocalDate.of(fy, 3, 15), "INV-2", "late posting"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Api.money(
                api.get("/api/v1/countries/GT/pipeline?asOf=" + asOf).path("byFiscalYear").path(year), "disbursed"))
                .isEqualTo("100.01"));
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);

        JsonNode gt = api.get("/api/v1/countries/GT/pipeline?asOf=" + asOf).path("byFiscalYear").path(year);
        assertThat(Api.money(gt, "unobligated")).isEqualTo("200.00");           // ESF 300 − 280, INCLE 200 − 20
        assertThat(Api.money(gt, "expiringWithin90Days")).isEqualTo("20.00");   // ESF ends 30 September
        assertThat(Api.money(gt, "unliquidated")).isEqualTo("179.99");
        assertThat(Api.money(gt.path("unliquidatedByAge"), "lessThan1Year")).isEqualTo("179.99");
        assertThat(Api.money(gt, "reprogrammedOut")).isEqualTo("20.00");
        JsonNode hn = api.get("/api/v1/countries/HN/pipeline?asOf=" + asOf).path("byFiscalYear").path(year);
        assertThat(Api.money(hn, "unobligated")).isEqualTo("130.00");           // ESF 100 − 40 out, INCLE 50 + 20
        assertThat(Api.money(hn, "reprogrammedIn")).isEqualTo("20.00");
        assertThat(Api.money(hn, "reprogrammedOut")).isEqualTo("40.00");
        JsonNode alliance = api.get("/api/v1/pipeline?asOf=" + asOf).path("byFiscalYear").path(year);
        // 1000 enacted = 100.01 disbursed + 179.99 unliquidated + 670 unobligated + 10 rescinded + 40 out of the Plan
        assertThat(Api.money(alliance, "unobligated")).isEqualTo("670.00");
        assertThat(Api.money(alliance, "rescinded")).isEqualTo("10.00");

        // known before the late postings: the obligation was 250, one disbursement
        JsonNode earlier = api.get("/api/v1/countries/GT/pipeline?asOf=" + asOf + "&knownAt=" + before)
                .path("byFiscalYear").path(year);
        assertThat(Api.money(earlier, "unobligated")).isEqualTo("230.00");
        assertThat(Api.money(earlier, "unliquidated")).isEqualTo("150.00");
        assertThat(Api.money(earlier, "disbursed")).isEqualTo("100.00");

        // the other views and the drill-down take knownAt too
        assertThat(Api.money(Api.entry(api.get("/api/v1/countries/GT?asOf=" + asOf + "&knownAt=" + before),
                "byFiscalYear", year), "obligated")).isEqualTo("250.00");
        assertThat(Api.money(Api.entry(api.get("/api/v1/countries/GT?asOf=" + asOf), "byFiscalYear", year),
                "obligated")).isEqualTo("280.00");
        assertThat(Api.money(api.get("/api/v1/countries/GT/transactions?fiscalYear=" + fy + "&knownAt=" + before)
                .path("totals"), "disbursed")).isEqualTo("100.00");
        assertThat(Api.money(Api.find(api.get("/api/v1/summary?asOf=" + asOf + "&knownAt=" + before).path("fiscalYears"),
                "fiscalYear", year), "obligated")).isEqualTo("250.00");
        assertThat(new String(http.get().uri("/api/v1/export/transactions.csv?fiscalYear=" + fy + "&knownAt="
                + before).exchange().expectBody().returnResult().getResponseBodyContent(),
                java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("late posting").contains("first");

        // reprogrammings move allocated on both sides in every view: GT 300 + 200 − 20 to HN; HN 100 + 50 − 40 out
        // of the Plan + 20 from GT; the Alliance's year 650 − 40 that left the Plan; before they took effect, not yet
        for (String q : List.of("", "?asOf=" + asOf, "?asOf=" + asOf + "&knownAt=" + before)) {
            assertThat(Api.money(Api.entry(api.get("/api/v1/countries/GT" + q), "byFiscalYear", year), "allocated"))
                    .as(q).isEqualTo("480.00");
            assertThat(Api.money(Api.entry(api.get("/api/v1/countries/HN" + q), "byFiscalYear", year), "allocated"))
                    .as(q).isEqualTo("130.00");
            assertThat(Api.money(Api.find(api.get("/api/v1/summary" + q).path("fiscalYears"), "fiscalYear", year),
                    "allocated")).as(q).isEqualTo("610.00");
        }
        String beforeMoves = fy + "-04-30";
        assertThat(Api.money(Api.entry(api.get("/api/v1/countries/GT?asOf=" + beforeMoves), "byFiscalYear", year),
                "allocated")).isEqualTo("500.00");
        assertThat(Api.money(Api.find(api.get("/api/v1/summary?asOf=" + beforeMoves).path("fiscalYears"),
                "fiscalYear", year), "allocated")).isEqualTo("650.00");
        // Σ drill-down = the figure, per country and pillar, the reprogrammings signed as they moved it
        for (String q : List.of("", "&asOf=" + asOf, "&asOf=" + beforeMoves, "&asOf=" + asOf + "&knownAt=" + before)) {
            for (String country : List.of("GT", "HN")) {
                String view = "/api/v1/countries/" + country + (q.isEmpty() ? "" : "?" + q.substring(1));
                String allocated = Api.money(Api.entry(api.get(view), "byFiscalYear", year), "allocated");
                JsonNode drill = api.get("/api/v1/countries/" + country + "/transactions?figure=allocated&size=1000"
                        + "&fiscalYear=" + fy + q);
                assertThat(Api.money(drill.path("totals"), "allocated")).as(country + q).isEqualTo(allocated);
                assertThat(Api.list(drill.path("content")).stream().map(r -> r.path("amount").decimalValue())
                        .reduce(BigDecimal.ZERO, BigDecimal::add)).as(country + q).isEqualByComparingTo(allocated);
                assertThat(Api.money(api.get("/api/v1/countries/" + country + "/transactions?figure=allocated"
                        + "&pillar=HUMAN_CAPITAL&fiscalYear=" + fy + q).path("totals"), "allocated"))
                        .as(country + q).isEqualTo(allocated);
            }
        }
        JsonNode hnMoves = api.get("/api/v1/countries/HN/transactions?figure=allocated&fiscalYear=" + fy);
        assertThat(Api.list(hnMoves.path("content")).stream().filter(r -> r.path("kind").asString()
                .equals("REPROGRAMMING")).map(r -> r.path("amount").decimalValue().toPlainString()))
                .containsExactlyInAnyOrder("-40.00", "20.00");

        // a year later ESF has expired: its unobligated balance is expired, the obligations age
        String later = (fy + 1) + "-01-15";
        JsonNode gtLater = api.get("/api/v1/countries/GT/pipeline?asOf=" + later).path("byFiscalYear").path(year);
        assertThat(Api.money(gtLater, "expiredUnobligated")).isEqualTo("20.00");
        assertThat(Api.money(gtLater.path("unliquidatedByAge"), "from1To2Years")).isEqualTo("149.99");
        assertThat(Api.money(gtLater.path("unliquidatedByAge"), "lessThan1Year")).isEqualTo("30.00");
        JsonNode stale = api.get("/api/v1/countries/GT/pipeline?asOf=" + later).path("staleGrants");
        assertThat(Api.find(stale, "grantId", grant.grantId()).path("undisbursed").decimalValue())
                .isEqualByComparingTo("179.99");
        // five fiscal years after expiry the ESF account has closed: what it still held is cancelled
        JsonNode closed = api.get("/api/v1/countries/GT/pipeline?asOf=" + (fy + 5) + "-10-01")
                .path("byFiscalYear").path(year);
        assertThat(Api.money(closed, "cancelled")).isEqualTo("199.99");         // ESF 300 allocated − 100.01 paid
        // and before expiry, the same funds were available
        assertThat(Api.money(api.get("/api/v1/countries/GT/pipeline?asOf=" + fy + "-06-30")
                .path("byFiscalYear").path(year), "expiredUnobligated")).isEqualTo("0.00");

        List<String> queries = List.of("asOf=" + asOf, "asOf=" + asOf + "&knownAt=" + before, "asOf=" + later,
                "asOf=" + (fy + 5) + "-10-01");
        for (String q : queries) {
            for (String scope : List.of("GT", "HN", "")) {
                JsonNode figures = api.get((scope.isEmpty() ? "/api/v1/pipeline?" : "/api/v1/countries/" + scope
                        + "/pipeline?") + q).path("byFiscalYear").path(year);
                for (PipelineFigure figure : PipelineFigure.values()) {
                    JsonNode drill = api.get("/api/v1/pipeline/transactions?figure=" + figure.key() + "&fiscalYear="
                            + fy + (scope.isEmpty() ? "" : "&country=" + scope) + "&" + q);
                    BigDecimal rows = Api.list(drill.path("rows")).stream().map(r -> r.path("amount").decimalValue())
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    assertThat(rows).as("%s %s %s", scope, q, figure).isEqualByComparingTo(drill.path("total")
                            .decimalValue());
                    assertThat(drill.path("total").decimalValue()).as("%s %s %s", scope, q, figure)
                            .isEqualByComparingTo(value(figures, figure));
                }
            }
        }

        JsonNode[] beforeRebuild = queries.stream().map(q -> api.get("/api/v1/pipeline?" + q)).toArray(JsonNode[]::new);
        List<String> views = List.of("/api/v1/countries/GT", "/api/v1/countries/HN", "/api/v1/summary");
        List<String> yearFigures = views.stream().flatMap(v -> java.util.stream.Stream.of("", "?asOf=" + asOf)
                .map(q -> yearOf(api.get(v + q)))).toList();
        Rebuilds.start(http, api);
        Rebuilds.awaitSwitched(api);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < queries.size(); i++) {
                assertThat(api.get("/api/v1/pipeline?" + queries.get(i))).isEqualTo(beforeRebuild[i]);
            }
            assertThat(views.stream().flatMap(v -> java.util.stream.Stream.of("", "?asOf=" + asOf)
                    .map(q -> yearOf(api.get(v + q)))).toList()).isEqualTo(yearFigures);
        });
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        http.get().uri("/api/v1/pipeline?knownAt=yesterday").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-parameter")
                .jsonPath("$.errors[0].field").isEqualTo("knownAt");
        http.get().uri("/api/v1/pipeline/transactions?figure=everything").exchange().expectStatus()
                .isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("figure");
        http.get().uri("/api/v1/countries/MX/pipeline").exchange().expectStatus().isNotFound();
    }

    /** The year's entry of a country view or of the summary, as text. */
    private String yearOf(JsonNode view) {
        JsonNode entry = view.has("fiscalYears") ? Api.find(view.path("fiscalYears"), "fiscalYear", year)
                : Api.entry(view, "byFiscalYear", year);
        return String.valueOf(entry);
    }

    private static BigDecimal value(JsonNode figures, PipelineFigure figure) {
        JsonNode byAge = figures.path("unliquidatedByAge");
        JsonNode node = switch (figure) {
            case UNDER_1_YEAR -> byAge.path("lessThan1Year");
            case FROM_1_TO_2_YEARS -> byAge.path("from1To2Years");
            case FROM_2_TO_3_YEARS -> byAge.path("from2To3Years");
            case FROM_3_YEARS -> byAge.path("atLeast3Years");
            default -> figures.path(figure.key());
        };
        return node.isMissingNode() ? BigDecimal.ZERO : node.decimalValue();
    }

    private String allocate(Country country, String account, String amount, LocalDate on) {
        String id = TestEvents.id("ALLOC");
        events.publish(new AllocationMade(id, fy, country, Pillar.HUMAN_CAPITAL, new BigDecimal(amount), on, account));
        return id;
    }
}
