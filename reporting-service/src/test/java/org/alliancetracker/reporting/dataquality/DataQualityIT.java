package org.alliancetracker.reporting.dataquality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.reporting.Api;
import org.alliancetracker.reporting.InfrastructureProperties;
import org.alliancetracker.reporting.ReportingServiceTest;
import org.alliancetracker.reporting.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * The data-quality report of one agency made of known postings: last posting, reporting lag per quarter, dormant
 * grants, grants past their end with money left, reversals and their share, its dead-lettered events.
 */
@ReportingServiceTest
class DataQualityIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    final TestEvents events = new TestEvents();

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void anAgencysReportingIsMeasured() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String agency = "DQ-" + Long.toString(System.nanoTime(), 36).toUpperCase();
        GrantRef old = new GrantRef(TestEvents.id("DQ-OLD"), TestEvents.id("ALLOC"), 2020, Country.SV,
                Pillar.INSTITUTIONS, agency);
        GrantRef fresh = new GrantRef(TestEvents.id("DQ-NEW"), TestEvents.id("ALLOC"), 2020, Country.GT,
                Pillar.INSTITUTIONS, agency);
        events.publish(new GrantAwarded(old, "Old grant", new BigDecimal("1000.00"), LocalDate.of(2020, 1, 1),
                LocalDate.of(2021, 12, 31), LocalDate.of(2020, 1, 10)));
        events.disburse(old, "100.00", LocalDate.of(2020, 2, 1));
        DisbursementRecorded reversed = events.disbursement(old, "50.00", LocalDate.of(2020, 2, 15));
        events.publish(reversed);
        events.reverse(reversed, LocalDate.of(2020, 2, 20));
        events.publish(new GrantAwarded(fresh, "Fresh grant", new BigDecimal("500.00"), today.minusDays(10),
                today.plusYears(1), today.minusDays(10)));
        events.disburse(fresh, "20.00", today.minusDays(5));
        // a poison disbursement naming the agency: dead-lettered by the projection
        EventCodec codec = new EventCodec();
        events.publisher().send(Topics.DISBURSEMENTS, old.grantId(), codec.encodeToString(codec.envelope(
                        events.disbursement(old, "10.00", LocalDate.of(2020, 3, 1)), "/test"))
                .replace("\"amount\":10.00", "\"amount\":10.005"));

        Api api = new Api(http);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode mine = Api.find(api.get("/api/v1/data-quality").get("agencies"), "agency", agency);
            assertThat(mine).isNotNull();
            assertThat(mine.get("disbursements").asLong()).isEqualTo(3);
            assertThat(mine.get("deadLetters").asLong()).isEqualTo(1);
        });
        JsonNode report = api.get("/api/v1/data-quality");
        assertThat(report.get("today").asString()).isEqualTo(today.toString());
        assertThat(report.get("dormantAfterDays").asLong()).isEqualTo(90);
        assertThat(report.get("deadLetters").get("available").asBoolean()).isTrue();
        JsonNode mine = Api.find(report.get("agencies"), "agency", agency);

        JsonNode last = mine.get("lastPosting");
        assertThat(last.get("kind").asString()).isEqualTo("DISBURSEMENT");
        assertThat(last.get("grantId").asString()).isEqualTo(fresh.grantId());
        assertThat(last.get("valueDate").asString()).isEqualTo(today.minusDays(5).toString());

        JsonNode reversals = mine.get("reversals");
        assertThat(reversals.get("count").asLong()).isEqualTo(1);
        assertThat(reversals.get("amount").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(reversals.get("countShare").decimalValue()).isEqualByComparingTo("0.3333");
        assertThat(reversals.get("amountShare").decimalValue()).isEqualByComparingTo("0.2941"); // 50 / 170

        // recorded today: lag = today − value date
        JsonNode q2 = Api.find(mine.get("reportingLag"), "quarter", "FY2020-Q2");
        assertThat(q2.get("postings").asLong()).isEqualTo(2);
        assertThat(q2.get("medianDays").asLong()).isEqualTo(ChronoUnit.DAYS.between(LocalDate.of(2020, 2, 15), today));
        assertThat(q2.get("p90Days").asLong()).isEqualTo(ChronoUnit.DAYS.between(LocalDate.of(2020, 2, 1), today));
        JsonNode now = Api.find(mine.get("reportingLag"), "quarter", QualityReport.quarter(today.minusDays(5)));
        assertThat(now.get("medianDays").asLong()).isEqualTo(5);

        JsonNode dormant = mine.get("dormantGrants");
        assertThat(dormant.get("count").asInt()).isEqualTo(1);
        assertThat(dormant.get("grants").get(0).get("grantId").asString()).isEqualTo(old.grantId());
        assertThat(dormant.get("grants").get(0).get("lastDisbursement").asString()).isEqualTo("2020-02-15");

        JsonNode pastEnd = mine.get("pastEndUndisbursed");
        assertThat(pastEnd.get("count").asInt()).isEqualTo(1);
        assertThat(pastEnd.get("undisbursed").decimalValue()).isEqualByComparingTo("900.00");
        assertThat(pastEnd.get("grants").get(0).get("endDate").asString()).isEqualTo("2021-12-31");
    }
    @Test
    void theReportAsOfADayAndAsKnownAtAnInstantCountsOnlyWhatHadHappenedAndBeenRecordedThen() {
        String agency = "DQ-" + Long.toString(System.nanoTime(), 36).toUpperCase();
        GrantRef early = new GrantRef(TestEvents.id("DQ-EARLY"), TestEvents.id("ALLOC"), 2020, Country.SV,
                Pillar.INSTITUTIONS, agency);
        GrantRef later = new GrantRef(TestEvents.id("DQ-LATER"), TestEvents.id("ALLOC"), 2020, Country.HN,
                Pillar.INSTITUTIONS, agency);
        events.publish(new GrantAwarded(early, "Early grant", new BigDecimal("1000.00"), LocalDate.of(2020, 1, 1),
                LocalDate.of(2021, 12, 31), LocalDate.of(2020, 1, 10)));
        events.disburse(early, "100.00", LocalDate.of(2020, 2, 1));
        events.publish(new GrantAwarded(later, "Later grant", new BigDecimal("500.00"), LocalDate.of(2020, 6, 1),
                LocalDate.of(2020, 9, 30), LocalDate.of(2020, 6, 1)));
        Api api = new Api(http);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode mine = Api.find(api.get("/api/v1/data-quality?asOf=2999-12-31").get("agencies"), "agency",
                    agency);
            assertThat(mine).isNotNull();
            assertThat(mine.get("pastEndUndisbursed").get("count").asInt()).isEqualTo(2);
        });
        Instant known = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
        // recorded later: a disbursement and a suspension that took effect before the end of May 2020
        events.disburse(early, "300.00", LocalDate.of(2020, 3, 1));
        events.publish(new GrantSuspended(early, "Audit", LocalDate.of(2020, 4, 1)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode mine = Api.find(api.get("/api/v1/data-quality?asOf=2999-12-31").get("agencies"), "agency",
                    agency);
            assertThat(mine.get("disbursements").asLong()).isEqualTo(2);
            assertThat(mine.get("dormantGrants").get("grants")).extracting(g -> g.get("grantId").asString())
                    .containsExactly(later.grantId());
        });

        // the end of May 2020: the later grant not awarded yet, the early one suspended (no longer dormant)
        JsonNode may = api.get("/api/v1/data-quality?asOf=2020-05-31");
        assertThat(may.get("today").asString()).isEqualTo("2020-05-31");
        assertThat(may.path("knownAt").isNull() || may.path("knownAt").isMissingNode()).isTrue();
        JsonNode mayMine = Api.find(may.get("agencies"), "agency", agency);
        assertThat(mayMine.get("disbursements").asLong()).isEqualTo(2);
        assertThat(Api.find(mayMine.get("reportingLag"), "quarter", "FY2020-Q2").get("postings").asLong())
                .isEqualTo(2);
        assertThat(mayMine.get("dormantGrants").get("count").asInt()).isZero();
        assertThat(mayMine.get("pastEndUndisbursed").get("count").asInt()).isZero();

        // the same day as known before the corrections: one disbursement, the grant still active and dormant
        JsonNode thenKnown = api.get("/api/v1/data-quality?asOf=2020-05-31&knownAt=" + known);
        assertThat(Instant.parse(thenKnown.get("knownAt").asString())).isEqualTo(known);
        JsonNode thenMine = Api.find(thenKnown.get("agencies"), "agency", agency);
        assertThat(thenMine.get("disbursements").asLong()).isEqualTo(1);
        assertThat(thenMine.get("lastPosting").get("valueDate").asString()).isEqualTo("2020-02-01");
        JsonNode dormant = thenMine.get("dormantGrants");
        assertThat(dormant.get("count").asInt()).isEqualTo(1);
        assertThat(dormant.get("grants").get(0).get("grantId").asString()).isEqualTo(early.grantId());
        assertThat(dormant.get("grants").get(0).get("days").asLong()).isEqualTo(120); // 1 February to 31 May

        // the end of 2020: the later grant past its end with all of it undisbursed, the early one not yet
        JsonNode pastEnd = Api.find(api.get("/api/v1/data-quality?asOf=2020-12-31").get("agencies"), "agency",
                agency).get("pastEndUndisbursed");
        assertThat(pastEnd.get("count").asInt()).isEqualTo(1);
        assertThat(pastEnd.get("grants").get(0).get("grantId").asString()).isEqualTo(later.grantId());
        assertThat(pastEnd.get("undisbursed").decimalValue()).isEqualByComparingTo("500.00");
        // as known then, today: both past their end, the early one with 900.00 left (the 300.00 not recorded yet)
        JsonNode knownPastEnd = Api.find(api.get("/api/v1/data-quality?knownAt=" + known).get("agencies"), "agency",
                agency).get("pastEndUndisbursed");
        assertThat(knownPastEnd.get("undisbursed").decimalValue()).isEqualByComparingTo("1400.00");
    }

    @Test
    void anUnreadableAsOfOrKnownAtIs400NamingIt() {
        for (String parameter : new String[] {"asOf", "knownAt"}) {
            http.get().uri("/api/v1/data-quality?" + parameter + "=2017-13-45").exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith("application/problem+json")
                    .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-parameter")
                    .jsonPath("$.errors[0].field").isEqualTo(parameter);
        }
    }
}
