package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/admin/rebuild}: views dropped and replayed from the topics come back exactly as they were. */
@ReportingServiceTest
class RebuildIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    @Autowired
    Environment environment;

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
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year), "disbursed")).isEqualTo("100.01"));
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        JsonNode countries = api.get("/api/v1/countries");
        JsonNode summary = api.get("/api/v1/summary");
        JsonNode transactions = api.get("/api/v1/countries/GT/transactions?size=1000&fiscalYear=" + year);
        JsonNode asOf = api.get("/api/v1/countries?asOf=" + events.date(2, 2));

        try (SseRecorder stream = SseRecorder.connect(baseUrl(), "/api/v1/stream")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.countryViews().size() >= 3);
            JsonNode started = Api.JSON.readTree(http.post().uri("/api/v1/admin/rebuild").exchange()
                    .expectStatus().isAccepted()
                    .expectHeader().location("/api/v1/admin/rebuild")
                    .expectBody().returnResult().getResponseBodyContent());
            assertThat(started.get("state").asString()).isIn("RUNNING", "COMPLETED");
            assertThat(started.get("total").asLong()).isPositive();

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                JsonNode status = api.get("/api/v1/admin/rebuild");
                assertThat(status.get("state").asString()).isEqualTo("COMPLETED");
                assertThat(status.get("applied").asLong()).isEqualTo(status.get("total").asLong());
                assertThat(status.get("eventsPerSecond").asLong()).isPositive();
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stream.events("rebuild"))
                    .anySatisfy(e -> assertThat(Api.parse(e.data()).get("state").asString()).isEqualTo("COMPLETED")));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.get("/api/v1/countries")).isEqualTo(countries);
            assertThat(api.get("/api/v1/summary")).isEqualTo(summary);
        });
        assertThat(api.get("/api/v1/countries/GT/transactions?size=1000&fiscalYear=" + year)).isEqualTo(transactions);
        assertThat(api.get("/api/v1/countries?asOf=" + events.date(2, 2))).isEqualTo(asOf);
    }

    @Test
    void aRebuildIsRefusedWhileAnotherConsumerIsInTheGroupAndNothingChanges() {
        String year = Integer.toString(events.fiscalYear);
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        JsonNode before = api.get("/api/v1/countries");
        try (KafkaConsumer<byte[], byte[]> other = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", SharedTestInfrastructure.get().kafkaBootstrapServers(),
                "group.id", ReportingServiceTest.GROUP, "enable.auto.commit", "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            other.subscribe(List.of(Topics.OUTCOMES));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                other.poll(Duration.ofMillis(100));
                return !other.assignment().isEmpty();
            });
            http.post().uri("/api/v1/admin/rebuild").exchange()
                    .expectStatus().isEqualTo(409)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("/problems/rebuild-needs-sole-consumer")
                    .jsonPath("$.activeMembers").isEqualTo(1);
        }
        assertThat(api.get("/api/v1/countries")).isEqualTo(before);
        events.allocate(Country.SV, Pillar.INSTITUTIONS, "12.34", events.date(1, 1));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/SV"), "byFiscalYear", year), "allocated")).isEqualTo("12.34"));
    }

    private String baseUrl() {
        return "http://localhost:" + environment.getRequiredProperty("local.server.port");
    }
}
