package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantSuspended;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/admin/rebuild}: the views replayed from the topics into a new generation come back exactly as
 * they were, while the current one serves; a second rebuild is refused while one is active; one can be cancelled
 * before its switch, leaving the current views untouched; a poison record met by the replay is dead-lettered and
 * reported, and does not stop the switch.
 */
@ReportingServiceTest
class RebuildIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    @Autowired
    Environment environment;

    @Autowired
    ReactiveMongoTemplate mongo;

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
    void afterARebuildEveryViewEqualsWhatItWasBefore() {
        String year = Integer.toString(events.fiscalYear);
        GrantRef grant = events.grant(Country.GT, Pillar.HUMAN_CAPITAL, "USAID");
        events.allocate(Country.GT, Pillar.HUMAN_CAPITAL, "800.00", events.date(1, 1));
        events.award(grant, "700.00", events.date(1, 2));
        DisbursementRecorded paid = events.disbursement(grant, "300.03", events.date(2, 2));
        events.publish(paid);
        events.reverse(paid, events.date(2, 3));
        events.disburse(grant, "100.01", events.date(2, 4));
        events.publish(new GrantSuspended(grant, "review", events.date(3, 1)));
        // poison for the replay too: dead-lettered (live, then again by the replay), never a reason not to switch
        events.publisher().send(Topics.DISBURSEMENTS, grant.grantId(), "{not an event");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year), "disbursed")).isEqualTo("100.01"));
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        Rebuilds.awaitIdle(api);
        String knownAt = Instant.now().toString();
        JsonNode countries = api.get("/api/v1/countries");
        JsonNode summary = api.get("/api/v1/summary");
        JsonNode transactions = api.get("/api/v1/countries/GT/transactions?size=1000&fiscalYear=" + year);
        JsonNode asOf = api.get("/api/v1/countries?asOf=" + events.date(2, 2));
        JsonNode known = api.get("/api/v1/countries/GT?knownAt=" + knownAt);

        try (SseRecorder stream = SseRecorder.connect(baseUrl(), "/api/v1/stream")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.countryViews().size() >= 3);
            int viewsBefore = stream.countryViews("GT").size();
            JsonNode started = Rebuilds.start(http, api);
            assertThat(started.get("state").asString()).isEqualTo("RUNNING");
            assertThat(started.get("phase").asString()).isEqualTo("REPLAYING");
            assertThat(started.get("total").asLong()).isPositive();
            int generation = started.get("generation").asInt();
            assertThat(generation).isGreaterThan(started.get("replacedGeneration").asInt());

            JsonNode switched = Rebuilds.awaitSwitched(api);
            assertThat(switched.get("applied").asLong()).isEqualTo(switched.get("total").asLong());
            assertThat(switched.get("eventsPerSecond").asLong()).isPositive();
            assertThat(switched.get("lagTotal").asLong()).isZero();
            assertThat(switched.get("lag").propertyNames()).contains(Topics.DISBURSEMENTS.replace('.', '_') + "-0");
            assertThat(switched.get("deadLetters").asLong()).isPositive();
            assertThat(switched.get("deadLettered").toString()).contains(Topics.DISBURSEMENTS + "-");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stream.events("rebuild"))
                    .anySatisfy(e -> assertThat(Api.parse(e.data()).get("state").asString()).isEqualTo("COMPLETED")));
            // the rebuilt views reach the open stream without reconnecting, with the same figures
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(stream.countryViews("GT")).hasSizeGreaterThan(viewsBefore);
                assertThat(money(entry(stream.countryViews("GT").getLast(), "byFiscalYear", year), "disbursed"))
                        .isEqualTo("100.01");
            });
            JsonNode done = Rebuilds.awaitDone(api);
            assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
            // the replaced generation is gone, the current one is the rebuilt one
            String replaced = done.get("replacedGeneration").asInt() == 0 ? "country_views"
                    : "country_views_g" + done.get("replacedGeneration").asInt();
            assertThat(mongo.collectionExists(replaced).block()).isFalse();
            assertThat(mongo.collectionExists("country_views_g" + generation).block()).isTrue();
        }

        assertThat(api.get("/api/v1/countries")).isEqualTo(countries);
        assertThat(api.get("/api/v1/summary")).isEqualTo(summary);
        assertThat(api.get("/api/v1/countries/GT/transactions?size=1000&fiscalYear=" + year)).isEqualTo(transactions);
        assertThat(api.get("/api/v1/countries?asOf=" + events.date(2, 2))).isEqualTo(asOf);
        assertThat(api.get("/api/v1/countries/GT?knownAt=" + knownAt)).isEqualTo(known);
    }

    @Test
    void aSecondRebuildIsRefusedWhileOneIsActive() {
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        Rebuilds.start(http, api);
        http.post().uri("/api/v1/admin/rebuild").exchange()
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/rebuild-in-progress")
                .jsonPath("$.status.generation").exists();
        Rebuilds.awaitDone(api);
    }

    @Test
    void aRebuildCancelledBeforeItsSwitchLeavesTheViewsAsTheyWere() {
        String year = Integer.toString(events.fiscalYear);
        events.allocate(Country.SV, Pillar.INSTITUTIONS, "12.34", events.date(1, 1));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/SV"), "byFiscalYear", year), "allocated")).isEqualTo("12.34"));
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        Rebuilds.awaitIdle(api);
        JsonNode before = api.get("/api/v1/countries");

        JsonNode started = Rebuilds.start(http, api);
        int generation = started.get("generation").asInt();
        http.delete().uri("/api/v1/admin/rebuild").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("CANCELLED");
        JsonNode done = Rebuilds.awaitDone(api);
        assertThat(done.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(done.path("switchedAt").isNull() || done.path("switchedAt").isMissingNode()).isTrue();
        assertThat(mongo.collectionExists("country_views_g" + generation).block()).isFalse();
        assertThat(api.get("/api/v1/countries")).isEqualTo(before);
        http.delete().uri("/api/v1/admin/rebuild").exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/rebuild-not-cancellable");
        // the views it left in place are still kept live
        events.allocate(Country.SV, Pillar.INSTITUTIONS, "0.66", events.date(1, 2));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/SV"), "byFiscalYear", year), "allocated")).isEqualTo("13.00"));
    }

    private String baseUrl() {
        return "http://localhost:" + environment.getRequiredProperty("local.server.port");
    }
}
