package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.find;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.AppropriationRequested;
import org.alliancetracker.events.appropriation.Withholding;
import org.alliancetracker.events.appropriation.WithholdingReleased;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.outcome.PeriodValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

@ReportingServiceTest
class CountryViewsIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    Api api;
    TestEvents events;

    @BeforeEach
    void connect() {
        api = new Api(http);
        events = new TestEvents();
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void amendmentsReversalsAndADisbursementBeforeItsAwardAreAllReflectedExactly() {
        String year = Integer.toString(events.fiscalYear);
        JsonNode before = api.get("/api/v1/countries/GT");
        GrantRef grant = events.grant(Country.GT, Pillar.HUMAN_CAPITAL, "USAID");
        events.allocate(Country.GT, Pillar.HUMAN_CAPITAL, "1000000.00", events.date(1, 10));
        events.disburse(grant, "250000.50", events.date(3, 5)); // before the award: must still count
        events.award(grant, "800000.00", events.date(2, 1));
        events.amend(grant, "800000.00", "750000.00", events.date(4, 1));
        DisbursementRecorded second = events.disbursement(grant, "100000.25", events.date(3, 20));
        events.publish(second);
        events.reverse(second, events.date(5, 2));
        events.publish(new GrantSuspended(grant, "test suspension", events.date(6, 1)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode gt = api.get("/api/v1/countries/GT");
            JsonNode fy = entry(gt, "byFiscalYear", year);
            assertThat(fy).isNotNull();
            assertThat(money(fy, "allocated")).isEqualTo("1000000.00");
            assertThat(money(fy, "obligated")).isEqualTo("750000.00");
            assertThat(money(fy, "disbursed")).isEqualTo("250000.50");
            assertThat(gt.get("grants").get("suspended").asInt())
                    .isEqualTo(before.get("grants").get("suspended").asInt() + 1);
        });
        JsonNode gt = api.get("/api/v1/countries/GT");
        assertThat(gt.get("grants").get("total").asInt()).isEqualTo(before.get("grants").get("total").asInt() + 1);
        assertThat(money(find(gt.get("monthlyDisbursements"), "month", year + "-03"), "disbursed"))
                .isEqualTo("350000.75");
        assertThat(money(find(gt.get("monthlyDisbursements"), "month", year + "-05"), "disbursed"))
                .isEqualTo("-100000.25");
        assertThat(new BigDecimal(money(gt, "allocated")).subtract(new BigDecimal(money(before, "allocated"))))
                .isEqualByComparingTo("1000000.00");
        assertThat(new BigDecimal(money(gt, "disbursed")).subtract(new BigDecimal(money(before, "disbursed"))))
                .isEqualByComparingTo("250000.50");
        assertThat(money(gt, "disbursementRate")).isEqualTo(new BigDecimal(money(gt, "disbursed"))
                .divide(new BigDecimal(money(gt, "obligated")), 4, java.math.RoundingMode.HALF_EVEN).toPlainString());
        assertThat(gt.get("lastEventAt").isNull()).isFalse();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode row = find(api.get("/api/v1/summary").get("fiscalYears"), "fiscalYear", year);
            assertThat(row).isNotNull();
            assertThat(money(row, "obligated")).isEqualTo("750000.00");
            assertThat(money(row, "disbursed")).isEqualTo("250000.50");
            assertThat(money(row, "allocated")).isEqualTo("1000000.00");
            assertThat(row.get("requested").isNull()).as("never requested: null, not 0").isTrue();
            assertThat(row.get("enacted").isNull()).isTrue();
            assertThat(row.get("stage").isNull()).isTrue();
        });
    }

    @Test
    void theViewAsOfADayCountsOnlyWhatHadHappenedByItsEnd() {
        String year = Integer.toString(events.fiscalYear);
        GrantRef grant = events.grant(Country.SV, Pillar.INSTITUTIONS, "STATE-INL");
        events.award(grant, "500000.00", events.date(2, 1));
        events.disburse(grant, "1000.01", events.date(3, 31));
        events.disburse(grant, "2000.02", events.date(4, 1));
        events.amend(grant, "500000.00", "600000.00", events.date(4, 1));
        events.publish(new GrantClosed(grant, "done", events.date(9, 30)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode fy = entry(api.get("/api/v1/countries/SV"), "byFiscalYear", year);
            assertThat(fy).isNotNull();
            assertThat(money(fy, "disbursed")).isEqualTo("3000.03");
            assertThat(money(fy, "obligated")).isEqualTo("600000.00");
        });

        JsonNode endOfMarch = api.get("/api/v1/countries/SV?asOf=" + events.date(3, 31));
        assertThat(endOfMarch.get("asOf").asString()).isEqualTo(events.date(3, 31).toString());
        JsonNode fy = entry(endOfMarch, "byFiscalYear", year);
        assertThat(money(fy, "obligated")).isEqualTo("500000.00");
        assertThat(money(fy, "disbursed")).isEqualTo("1000.01");
        assertThat(find(endOfMarch.get("monthlyDisbursements"), "month", year + "-04")).isNull();

        JsonNode dayBeforeAward = api.get("/api/v1/countries/SV?asOf=" + events.date(1, 31));
        assertThat(entry(dayBeforeAward, "byFiscalYear", year)).isNull();

        JsonNode summaryEndOfMarch = find(api.get("/api/v1/summary?asOf=" + events.date(3, 31)).get("fiscalYears"),
                "fiscalYear", year);
        assertThat(money(summaryEndOfMarch, "obligated")).isEqualTo("500000.00");
        assertThat(money(summaryEndOfMarch, "disbursed")).isEqualTo("1000.01");

        JsonNode all = api.get("/api/v1/countries?asOf=" + events.date(3, 31));
        assertThat(Api.list(all)).extracting(v -> v.get("country").asString()).containsExactly("SV", "GT", "HN");
        assertThat(money(entry(all.get(0), "byFiscalYear", year), "disbursed")).isEqualTo("1000.01");
    }

    @Test
    void theSummaryShowsEachBudgetStageAndWhatIsStillWithheld() {
        String year = Integer.toString(events.fiscalYear);
        int fy = events.fiscalYear;
        events.publish(new AppropriationRequested(fy, new BigDecimal("460000000.00"), "Budget request", List.of()));
        events.publish(new AppropriationEnacted(fy, new BigDecimal("750000000.00"), "Appropriations Act",
                List.of(new Withholding("migration", new BigDecimal("25"), new BigDecimal("187500000.00"),
                                "migration certification"),
                        new Withholding("governance", new BigDecimal("50"), new BigDecimal("375000000.00"),
                                "governance certification"))));
        events.publish(new WithholdingReleased(fy, "migration", new BigDecimal("187500000.00"),
                events.date(9, 30), "certified"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode row = find(api.get("/api/v1/summary").get("fiscalYears"), "fiscalYear", year);
            assertThat(row).isNotNull();
            assertThat(row.get("stage").asString()).isEqualTo("ENACTED");
            assertThat(money(row, "requested")).isEqualTo("460000000.00");
            assertThat(money(row, "enacted")).isEqualTo("750000000.00");
            assertThat(money(row, "withheld")).isEqualTo("375000000.00");
            assertThat(money(row, "released")).isEqualTo("187500000.00");
            assertThat(money(row, "allocated")).isEqualTo("0.00");
        });
        JsonNode totals = api.get("/api/v1/summary").get("totals");
        assertThat(new BigDecimal(money(totals, "enacted"))).isGreaterThanOrEqualTo(new BigDecimal("750000000.00"));
    }

    @Test
    void indicatorsShowBaselineTargetLatestActualAndDirectionAwareProgress() {
        String homicides = TestEvents.id("HN-HOMICIDES");
        String enrolment = TestEvents.id("HN-ENROLMENT");
        events.publish(new IndicatorDefined(homicides, Country.HN, IndicatorKind.CONTEXT, "Homicides per 100,000",
                "per 100,000", false, null, new PeriodValue("2014", new BigDecimal("60")),
                List.of(new PeriodValue("2020", new BigDecimal("40")))));
        events.publish(new OutcomeMeasured(homicides, Country.HN, "2016", new BigDecimal("59"), "police"));
        events.publish(new OutcomeMeasured(homicides, Country.HN, "2017", new BigDecimal("43"), "police"));
        events.publish(new OutcomeMeasured(homicides, Country.HN, "2017", new BigDecimal("50"), "corrected"));
        events.publish(new IndicatorDefined(enrolment, Country.HN, IndicatorKind.PROGRAM, "Enrolment", "%", true,
                "HN-G-1", new PeriodValue("2015", new BigDecimal("10.0")),
                List.of(new PeriodValue("2018", new BigDecimal("30.0")))));
        events.publish(new OutcomeMeasured(enrolment, Country.HN, "2016-Q4", new BigDecimal("5.0"), "ministry"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode hn = api.get("/api/v1/countries/HN");
            JsonNode h = find(hn.get("indicators"), "id", homicides);
            assertThat(h).isNotNull();
            assertThat(money(h.get("latestActual"), "value")).isEqualTo("50");
            assertThat(h.get("latestActual").get("source").asString()).isEqualTo("corrected");
            assertThat(money(h, "progress")).isEqualTo("0.5000"); // (50 − 60) / (40 − 60), lower is better
            assertThat(h.get("improving").asBoolean()).isTrue();
            JsonNode e = find(hn.get("indicators"), "id", enrolment);
            assertThat(e).isNotNull();
            assertThat(money(e, "progress")).isEqualTo("-0.2500"); // (5 − 10) / (30 − 10): moved away
            assertThat(e.get("improving").asBoolean()).isFalse();
        });
        JsonNode asOf2016 = find(api.get("/api/v1/countries/HN?asOf=2016-12-31").get("indicators"), "id", homicides);
        assertThat(money(asOf2016.get("latestActual"), "value")).isEqualTo("59");
    }

    @Test
    void anUnknownCountryOrABadDateIsAProblem() {
        http.get().uri("/api/v1/countries/MX").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-found");
        http.get().uri("/api/v1/countries/GT?asOf=yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-parameter");
        http.get().uri("/api/v1/summary?asOf=2016-02-30").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-parameter");
    }
}
