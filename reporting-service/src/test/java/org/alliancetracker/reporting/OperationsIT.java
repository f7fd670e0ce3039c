package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.MetricsScrape;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * What an operator of reporting-service sees and does: probes, build info, the API description, the consumer
 * metrics after some traffic, a trace continued from a source record to the country view it changed, and the dead
 * letters of a source topic re-driven so the views count the event exactly once. (The default client of these tests
 * is an operator: {@code test-admin}.)
 */
@ReportingServiceTest
class OperationsIT extends InfrastructureProperties {

    static TestEvents events;
    static TopicRecorder countryViews;

    @Autowired
    WebTestClient http;

    @BeforeAll
    static void connect() {
        events = new TestEvents();
        countryViews = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(), Topics.COUNTRY_VIEWS);
    }

    @AfterAll
    static void disconnect() {
        events.close();
        countryViews.close();
    }

    @Test
    void probesBuildInfoAndTheApiDescriptionAreServed() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.mongo.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/info").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.build.artifact").isEqualTo("reporting-service");

        JsonNode docs = Api.parse(http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(docs.path("info").path("title").asString()).isEqualTo("Alliance Tracker: reporting-service");
        assertThat(docs.path("components").path("securitySchemes").path("bearer").path("type").asString())
                .isEqualTo("http");
        assertThat(docs.path("paths").propertyNames()).contains("/api/v1/summary", "/api/v1/countries",
                "/api/v1/countries/{iso2}", "/api/v1/countries/{iso2}/transactions", "/api/v1/stream",
                "/api/v1/export/transactions.csv", "/api/v1/export/iati-activities.xml", "/api/v1/admin/rebuild",
                "/api/v1/admin/dead-letters", "/api/v1/admin/dead-letters/redrive");
        assertThat(docs.path("paths").path("/api/v1/admin/rebuild").path("post").path("responses").path("409")
                .path("content").path("application/problem+json").path("examples").propertyNames())
                .contains("rebuild-in-progress");
        assertThat(docs.path("paths").path("/api/v1/admin/rebuild").path("delete").path("operationId").asString())
                .isEqualTo("cancelRebuild");
        assertThat(docs.path("paths").path("/api/v1/countries/{iso2}").path("get").path("responses").path("404")
                .path("content").path("application/problem+json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/ProblemDetail");
    }

    /** Issue 15: every view, drill-down and export takes both time axes, asOf (value date) and knownAt. */
    @Test
    void everyViewDrillDownAndExportTakesAsOfAndKnownAt() {
        JsonNode paths = Api.parse(http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).path("paths");
        Map<String, String> operations = new java.util.LinkedHashMap<>();
        for (String path : java.util.List.of("/api/v1/summary", "/api/v1/countries", "/api/v1/countries/{iso2}",
                "/api/v1/countries/{iso2}/transactions", "/api/v1/pipeline", "/api/v1/countries/{iso2}/pipeline",
                "/api/v1/pipeline/transactions", "/api/v1/export/transactions.csv",
                "/api/v1/export/iati-activities.xml", "/api/v1/data-quality")) {
            operations.put(path, "get");
        }
        operations.put("/api/v1/reconciliations", "post");
        operations.forEach((path, method) -> {
            java.util.List<String> names = new java.util.ArrayList<>();
            paths.path(path).path(method).path("parameters").forEach(p -> names.add(p.path("name").asString()));
            assertThat(names).as(method + " " + path).contains("asOf", "knownAt");
        });
    }

    @Test
    void theConsumerMetricsAreScrapedAfterTraffic() {
        GrantRef grant = events.grant(Country.SV, Pillar.INSTITUTIONS, "USAID");
        events.award(grant, "100.00", events.date(1, 1));
        events.disburse(grant, "10.00", events.date(2, 1));
        String year = Integer.toString(events.fiscalYear);
        Api api = new Api(http);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/SV"), "byFiscalYear", year), "disbursed")).isEqualTo("10.00"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MetricsScrape scrape = scrape();
            assertThat(scrape.sum("http_server_requests_seconds_count", "uri", "/api/v1/countries/{iso2}",
                    "method", "GET", "status", "200", "application", "reporting-service")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.sum("alliance_events_consumed_total", "consumer", "grantEvents", "topic", Topics.GRANTS,
                    "type", "alliance.grant.awarded.v1")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.sum("alliance_events_consumed_total", "consumer", "disbursementEvents",
                    "type", "alliance.disbursement.recorded.v1")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.find("alliance_projection_freshness_seconds", "consumer", "disbursementEvents",
                    "topic", Topics.DISBURSEMENTS)).hasSize(1);
            for (String topic : Topics.SOURCE_TOPICS) {
                assertThat(scrape.find("alliance_kafka_consumer_lag_records", "group", ReportingServiceTest.GROUP,
                        "topic", topic)).as(topic).hasSize(6);
            }
        });
    }

    @Test
    void theTraceOfASourceEventContinuesToTheCountryViewItChanged() {
        GrantRef grant = events.grant(Country.HN, Pillar.PRODUCTIVE_SECTOR, "USAID");
        String traceId = HexFormat.of().formatHex(random(16));
        EventCodec codec = new EventCodec();
        CloudEvent<AllianceEvent> award = codec.envelope(new org.alliancetracker.events.grant.GrantAwarded(grant,
                "Traced grant", new java.math.BigDecimal("5.00"), events.date(1, 1), events.date(12, 31),
                events.date(1, 1)), "/grants-service");
        events.publisher().send(Topics.GRANTS, null, grant.grantId(), codec.encode(award), Map.of(
                "traceparent", ("00-" + traceId + "-" + HexFormat.of().formatHex(random(8)) + "-01")
                        .getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(countryViews.records())
                .anySatisfy(view -> {
                    assertThat(view.key()).isEqualTo("HN");
                    assertThat(header(view, "traceparent")).startsWith("00-" + traceId + "-");
                }));
    }

    @Test
    void aReDrivenDeadLetterCountsOnceInTheViewsHoweverOftenItIsReDriven() throws Exception {
        GrantRef grant = events.grant(Country.GT, Pillar.HUMAN_CAPITAL, "STATE-INL");
        events.award(grant, "100.00", events.date(1, 1));
        String year = Integer.toString(events.fiscalYear);
        CloudEvent<?> lost = new EventCodec().envelope(events.disbursement(grant, "12.34", events.date(3, 1)),
                "/disbursement-service");
        RecordMetadata dead = events.publisher().deadLetter(Topics.DISBURSEMENTS, 3, 777_777L, grant.grantId(),
                new EventCodec().encode(lost), ReportingServiceTest.GROUP,
                "org.springframework.messaging.MessageHandlingException", "MongoDB down");

        JsonNode listed = http.get().uri("/api/v1/admin/dead-letters?topic=alliance.disbursements&pending=true&limit=1000")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(listed.path("records").findValuesAsString("eventId")).contains(lost.id());

        http.post().uri("/api/v1/admin/dead-letters/redrive").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"topic\":\"alliance.disbursements\"}").exchange().expectStatus().isOk();
        Api api = new Api(http);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year), "disbursed")).isEqualTo("12.34"));

        JsonNode again = http.post().uri("/api/v1/admin/dead-letters/redrive").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"topic\":\"alliance.disbursements\",\"partition\":%d,\"offset\":%d}"
                        .formatted(dead.partition(), dead.offset()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode copy = again.path("records").get(0);
        awaitConsumed(copy.path("topic").asString(), copy.path("partition").asInt(), copy.path("offset").asLong());
        assertThat(money(entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year), "disbursed"))
                .isEqualTo("12.34");
        JsonNode rows = api.get("/api/v1/countries/GT/transactions?fiscalYear=" + year + "&figure=disbursed");
        assertThat(rows.get("totalElements").asInt()).isEqualTo(1);
    }

    private static void awaitConsumed(String topic, int partition, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers",
                SharedTestInfrastructure.get().kafkaBootstrapServers()))) {
            TopicPartition tp = new TopicPartition(topic, partition);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(ReportingServiceTest.GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(tp);
                return committed != null && committed.offset() > offset;
            });
        }
    }

    private MetricsScrape scrape() {
        // larger than WebClient's 256 KiB default: each generation of the views rebuilt by earlier tests of this
        // instance adds the driver's command timers of its collections
        WebTestClient http = this.http.mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
        return MetricsScrape.parse(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
