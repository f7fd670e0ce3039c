package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicPublisher;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * Grants after their award: amendments within the allocation and never below what was disbursed (learned from
 * {@code alliance.disbursements}), and the status transitions ACTIVE ⇄ SUSPENDED → CLOSED.
 */
@GrantsServiceTest
class GrantLifecycleIT extends InfrastructureProperties {

    static final int YEAR = 2022;
    static TopicRecorder topics;
    static TopicPublisher publisher;

    @Autowired
    WebTestClient http;
    Api api;

    @BeforeAll
    static void connect() {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        topics = TopicRecorder.start(bootstrap, Topics.GRANTS, Topics.deadLetterTopic(Topics.DISBURSEMENTS));
        publisher = TopicPublisher.connect(bootstrap);
    }

    @AfterAll
    static void disconnect() {
        topics.close();
        publisher.close();
    }

    @BeforeEach
    void client() {
        api = new Api(http);
        if (!api.send("GET", "/api/v1/appropriations/" + YEAR, null).returnResult(String.class).getStatus()
                .is2xxSuccessful()) {
            api.enact(YEAR, "500000000.00", null);
        }
    }

    @Test
    void anAmendmentChangesTheObligationWithinTheAllocationAndPublishesTheChange() {
        String allocation = api.allocate(YEAR, "GT", "SECURITY_AND_JUSTICE", "10000000.00");
        api.award("LIFE-AM-1", allocation, "4000000.00");
        api.award("LIFE-AM-2", allocation, "5000000.00");

        JsonNode increased = api.amend("LIFE-AM-1", "5000000.00", 200);
        assertThat(increased.get("obligatedAmount").decimalValue()).isEqualByComparingTo("5000000.00");
        assertThat(api.get("/api/v1/allocations/" + allocation).get("remaining").decimalValue())
                .isEqualByComparingTo("0.00");

        JsonNode refused = api.problem("POST", "/api/v1/grants/LIFE-AM-2/amendments",
                "{\"obligatedAmount\":5000000.01,\"reason\":\"More\",\"amendedOn\":\"2022-06-01\"}", HttpStatus.CONFLICT,
                "exceeds-allocation");
        assertThat(refused.get("remaining").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(refused.get("allocationId").asString()).isEqualTo(allocation);

        JsonNode decreased = api.amend("LIFE-AM-2", "3500000.50", 200);
        assertThat(decreased.get("obligatedAmount").decimalValue()).isEqualByComparingTo("3500000.50");
        assertThat(decreased.get("history").size()).isEqualTo(2);
        assertThat(decreased.get("history").get(1).get("change").asString()).isEqualTo("AMENDED");
        JsonNode allocationView = api.get("/api/v1/allocations/" + allocation);
        assertThat(allocationView.get("obligated").decimalValue()).isEqualByComparingTo("8500000.50");
        assertThat(allocationView.get("remaining").decimalValue()).isEqualByComparingTo("1499999.50");

        // the same total again is not a change: nothing published
        api.amend("LIFE-AM-2", "3500000.50", 200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(AppropriationLifecycleIT.types(topics.eventsAbout("LIFE-AM-1")))
                    .containsExactly(GrantAwarded.class, GrantAmended.class);
            assertThat(AppropriationLifecycleIT.types(topics.eventsAbout("LIFE-AM-2")))
                    .containsExactly(GrantAwarded.class, GrantAmended.class);
        });
        var amended = (GrantAmended) topics.eventsAbout("LIFE-AM-2").get(1).data();
        assertThat(amended.previousObligatedAmount()).isEqualTo(new BigDecimal("5000000.00"));
        assertThat(amended.obligatedAmount()).isEqualTo(new BigDecimal("3500000.50"));
        assertThat(amended.change()).isEqualByComparingTo("-1499999.50");
        assertThat(amended.amendedOn()).isEqualTo(LocalDate.parse("2017-10-02"));
        assertThat(amended.grant().allocationId()).isEqualTo(allocation);
    }

    @Test
    void disbursementsAreCountedOnceAndADeObligationBelowThemIsRefused() {
        String allocation = api.allocate(YEAR, "SV", "HUMAN_CAPITAL", "10000000.00");
        api.award("LIFE-DIS-1", allocation, "2000000.00");
        GrantRef ref = new GrantRef("LIFE-DIS-1", allocation, YEAR, Country.SV, Pillar.HUMAN_CAPITAL, "USAID");

        var first = publisher.publish(new DisbursementRecorded("d-life-1", ref, new BigDecimal("600000.00"), "USD",
                LocalDate.parse("2016-06-30"), "INV-1", null), "/disbursement-service");
        publisher.publish(first); // the relay's duplicate: same CloudEvent id, another offset
        publisher.publish(new DisbursementRecorded("d-life-2", ref, new BigDecimal("100000.25"), "USD",
                LocalDate.parse("2016-07-31"), "INV-2", null), "/disbursement-service");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/grants/LIFE-DIS-1").get("disbursedAmount").decimalValue())
                .isEqualByComparingTo("700000.25"));

        publisher.publish(new DisbursementReversed("d-life-2", ref, new BigDecimal("100000.25"),
                LocalDate.parse("2016-07-31"), LocalDate.parse("2016-08-02"), "Duplicate invoice"),
                "/disbursement-service");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/grants/LIFE-DIS-1").get("disbursedAmount").decimalValue())
                .isEqualByComparingTo("600000.00"));
        JsonNode grant = api.get("/api/v1/grants/LIFE-DIS-1");
        assertThat(grant.get("undisbursedAmount").decimalValue()).isEqualByComparingTo("1400000.00");

        JsonNode refused = api.problem("POST", "/api/v1/grants/LIFE-DIS-1/amendments",
                "{\"obligatedAmount\":599999.99,\"reason\":\"De-obligation\"}", HttpStatus.CONFLICT, "below-disbursed");
        assertThat(refused.get("disbursed").decimalValue()).isEqualByComparingTo("600000.00");
        assertThat(api.get("/api/v1/grants/LIFE-DIS-1").get("obligatedAmount").decimalValue())
                .isEqualByComparingTo("2000000.00");
        assertThat(api.get("/api/v1/allocations/" + allocation).get("obligated").decimalValue())
                .isEqualByComparingTo("2000000.00");

        JsonNode deObligated = api.amend("LIFE-DIS-1", "600000.00", 200);
        assertThat(deObligated.get("undisbursedAmount").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(api.get("/api/v1/allocations/" + allocation).get("remaining").decimalValue())
                .isEqualByComparingTo("9400000.00");
    }

    @Test
    void aRecordThatIsNotAnEventGoesToTheDeadLetterTopicAndLaterEventsStillCount() {
        String allocation = api.allocate(YEAR, "HN", "HUMAN_CAPITAL", "1000000.00");
        api.award("LIFE-DLQ-1", allocation, "1000000.00");
        publisher.send(Topics.DISBURSEMENTS, "LIFE-DLQ-1", "{not a cloud event");
        publisher.publish(new DisbursementRecorded("d-dlq-1", new GrantRef("LIFE-DLQ-1", allocation, YEAR,
                Country.HN, Pillar.HUMAN_CAPITAL, "USAID"), new BigDecimal("1.00"), "USD",
                LocalDate.parse("2016-06-30"), "INV-DLQ", null), "/disbursement-service");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/grants/LIFE-DLQ-1").get("disbursedAmount").decimalValue())
                .isEqualByComparingTo("1.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.records())
                .anySatisfy(r -> {
                    assertThat(r.topic()).isEqualTo(Topics.deadLetterTopic(Topics.DISBURSEMENTS));
                    assertThat(new String(r.value())).isEqualTo("{not a cloud event");
                }));
    }

    @Test
    void aGrantIsSuspendedResumedAndClosedOnlyThroughValidTransitions() {
        String allocation = api.allocate(YEAR, "HN", "SECURITY_AND_JUSTICE", "3000000.00");
        api.award("LIFE-ST-1", allocation, "1000000.00");

        api.transition("LIFE-ST-1", "resumption", 409);
        JsonNode suspended = api.transition("LIFE-ST-1", "suspension", 200);
        assertThat(suspended.get("status").asString()).isEqualTo("SUSPENDED");
        JsonNode again = api.problem("POST", "/api/v1/grants/LIFE-ST-1/suspension",
                "{\"reason\":\"Again\"}", HttpStatus.CONFLICT, "invalid-status-transition");
        assertThat(again.get("grantStatus").asString()).isEqualTo("SUSPENDED");

        // a suspended grant can still be de-obligated (the 2019 reprogramming)
        api.amend("LIFE-ST-1", "800000.00", 200);
        assertThat(api.transition("LIFE-ST-1", "resumption", 200).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(api.transition("LIFE-ST-1", "closure", 200).get("status").asString()).isEqualTo("CLOSED");

        for (String transition : List.of("suspension", "resumption", "closure")) {
            JsonNode refused = api.problem("POST", "/api/v1/grants/LIFE-ST-1/" + transition,
                    "{\"reason\":\"After closure\"}", HttpStatus.CONFLICT, "invalid-status-transition");
            assertThat(refused.get("grantStatus").asString()).isEqualTo("CLOSED");
        }
        api.problem("POST", "/api/v1/grants/LIFE-ST-1/amendments", "{\"obligatedAmount\":900000.00,\"reason\":\"x\"}",
                HttpStatus.CONFLICT, "grant-closed");
        api.problem("POST", "/api/v1/grants/NO-SUCH-GRANT/suspension", "{\"reason\":\"x\"}", HttpStatus.NOT_FOUND,
                "not-found");

        JsonNode closed = api.get("/api/v1/grants/LIFE-ST-1");
        assertThat(closed.get("obligatedAmount").decimalValue()).isEqualByComparingTo("800000.00");
        assertThat(Api.texts(closed.get("history"), "change"))
                .containsExactly("AWARDED", "SUSPENDED", "AMENDED", "RESUMED", "CLOSED");
        assertThat(closed.get("history").get(1).get("reason").asString()).isEqualTo("Test suspension");
        assertThat(closed.get("history").get(1).get("on").asString()).isEqualTo("2019-03-30");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                AppropriationLifecycleIT.types(topics.eventsAbout("LIFE-ST-1"))).containsExactly(GrantAwarded.class,
                GrantSuspended.class, GrantAmended.class, GrantResumed.class, GrantClosed.class));
        var suspension = (GrantSuspended) topics.eventsAbout("LIFE-ST-1").get(1).data();
        assertThat(suspension.reason()).isEqualTo("Test suspension");
        assertThat(suspension.effectiveOn()).isEqualTo(LocalDate.parse("2019-03-30"));
        assertThat(suspension.grant().country()).isEqualTo(Country.HN);
    }

    @Test
    void grantsAreListedByCountryFiscalYearAgencyAndStatus() {
        String gt = api.allocate(YEAR, "GT", "INSTITUTIONS", "3000000.00");
        String sv = api.allocate(YEAR, "SV", "INSTITUTIONS", "3000000.00");
        api.award("LIFE-LS-GT", gt, "1000000.00");
        api.call("POST", "/api/v1/grants", Api.grantBody("LIFE-LS-GT-INL", gt, "1000000.00")
                .replace("\"USAID\"", "\"STATE-INL\""), 201);
        api.award("LIFE-LS-SV", sv, "1000000.00");
        api.transition("LIFE-LS-SV", "suspension", 200);

        assertThat(Api.texts(api.get("/api/v1/grants?fiscalYear=2022&country=GT&agency=STATE-INL"), "id"))
                .containsExactly("LIFE-LS-GT-INL");
        assertThat(Api.texts(api.get("/api/v1/grants?fiscalYear=2022&status=SUSPENDED"), "id"))
                .contains("LIFE-LS-SV").doesNotContain("LIFE-LS-GT", "LIFE-LS-GT-INL");
        assertThat(Api.texts(api.get("/api/v1/grants?country=SV"), "id")).contains("LIFE-LS-SV")
                .doesNotContain("LIFE-LS-GT");
        assertThat(Api.texts(api.get("/api/v1/grants?fiscalYear=2016"), "id")).doesNotContain("LIFE-LS-GT");
        assertThat(Api.texts(api.get("/api/v1/allocations?fiscalYear=2022&pillar=INSTITUTIONS&country=SV"), "id"))
                .containsExactly(sv);
        api.problem("GET", "/api/v1/grants?status=PAUSED", null, HttpStatus.BAD_REQUEST, "invalid-parameter");
        api.problem("GET", "/api/v1/grants?fiscalYear=2031", null, HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-request");
        api.problem("GET", "/api/v1/allocations?country=MX", null, HttpStatus.BAD_REQUEST, "invalid-parameter");
    }

}
