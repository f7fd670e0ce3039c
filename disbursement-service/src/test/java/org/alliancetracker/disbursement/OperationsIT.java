package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.infra.MetricsScrape;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.issuer.TestIssuer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator of disbursement-service sees and does: probes, build info, the API description, the metrics after
 * some traffic, and the dead letters of {@code alliance.grants} (listed with their reason, re-driven so the ledger
 * applies the event exactly once).
 */
@DisbursementServiceTest
class OperationsIT extends InfrastructureProperties {

    static final String GROUP = "disbursement-service";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient http;
    TestGrants grants;

    @BeforeEach
    void setUp() {
        grants = new TestGrants(http);
    }

    @Test
    void probesBuildInfoAndTheApiDescriptionAreServed() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.mongo.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/info").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.build.artifact").isEqualTo("disbursement-service");

        JsonNode docs = JSON.readTree(http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(docs.path("components").path("securitySchemes").path("bearer").path("bearerFormat").asString())
                .isEqualTo("JWT");
        assertThat(docs.path("paths").propertyNames()).contains("/api/v1/disbursements",
                "/api/v1/disbursements/batch", "/api/v1/disbursements/{id}", "/api/v1/disbursements/{id}/reversal",
                "/api/v1/grants/{grantId}/balance", "/api/v1/admin/dead-letters");
        JsonNode post = docs.path("paths").path("/api/v1/disbursements").path("post");
        assertThat(post.path("responses").path("409").path("content").path("application/problem+json")
                .path("examples").propertyNames()).contains("insufficient-obligation", "grant-not-active");
        assertThat(post.path("responses").path("422").path("content").path("application/problem+json")
                .path("examples").propertyNames()).contains("value-date-outside-grant-period", "invalid-request");
        assertThat(post.path("responses").has("401")).isTrue();
        assertThat(docs.path("components").path("schemas").path("DisbursementRequest").path("properties")
                .path("amount").path("example").asString()).isEqualTo("1234567.89");
        assertThat(docs.path("paths").path("/api/v1/disbursements/batch").path("post").path("requestBody")
                .path("content").propertyNames()).contains("application/x-ndjson", "text/csv");
    }

    @Test
    void theMetricsOperatorsWatchAreScrapedAfterTraffic() {
        GrantRef grant = grants.award("OPS-MET", "100.00");
        http.post().uri("/api/v1/disbursements").header("Idempotency-Key", TestGrants.uniqueId("OPS"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Requests.body(grant.grantId(), "10.00"))
                .exchange().expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MetricsScrape scrape = scrape();
            assertThat(scrape.sum("http_server_requests_seconds_count", "uri", "/api/v1/disbursements",
                    "method", "POST", "status", "201")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.sum("alliance_events_published_total", "topic", Topics.DISBURSEMENTS,
                    "type", "alliance.disbursement.recorded.v1")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.find("alliance_outbox_backlog_events", "collection", "disbursements")).hasSize(1);
            assertThat(scrape.sum("alliance_events_consumed_total", "consumer", "grantEvents", "topic", Topics.GRANTS,
                    "type", "alliance.grant.awarded.v1")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.find("alliance_projection_freshness_seconds", "consumer", "grantEvents")).hasSize(1);
            assertThat(scrape.find("alliance_kafka_consumer_lag_records", "group", GROUP, "topic", Topics.GRANTS))
                    .hasSize(6);
        });
    }

    @Test
    void aPoisonRecordIsDeadLetteredWithItsReasonAndPosition() {
        GrantRef grant = grants.award("OPS-DLQ", "100.00");
        CloudEvent<?> misplaced = new EventCodec().envelope(new DisbursementRecorded("d-misplaced", grant,
                new BigDecimal("1.00"), "USD", LocalDate.parse("2016-06-30"), "X", null), "/test");
        RecordMetadata sent = TestGrants.publisher().send(Topics.GRANTS, grant.grantId(), new EventCodec().encode(misplaced));

        JsonNode dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOf(misplaced.id()),
                node -> node != null);
        assertThat(dead.path("originalTopic").asString()).isEqualTo(Topics.GRANTS);
        assertThat(dead.path("originalPartition").asInt()).isEqualTo(sent.partition());
        assertThat(dead.path("originalOffset").asLong()).isEqualTo(sent.offset());
        assertThat(dead.path("deadLetterGroup").asString()).isEqualTo(GROUP);
        assertThat(dead.path("exceptionMessage").asString()).contains("belongs on alliance.disbursements, not on alliance.grants");
    }

    @Test
    void aReDrivenDeadLetterIsAppliedToTheLedgerOnceHoweverOftenItIsReDriven() throws Exception {
        GrantRef grant = grants.award("OPS-RED", "100.00");
        EventCodec codec = new EventCodec();
        CloudEvent<?> amendment = codec.envelope(new GrantAmended(grant, new BigDecimal("100.00"),
                new BigDecimal("150.00"), "more scope", LocalDate.parse("2017-01-01")), "/grants-service");
        RecordMetadata dead = TestGrants.publisher().deadLetter(Topics.GRANTS, 4, 555_555L, grant.grantId(),
                codec.encode(amendment), GROUP, "org.springframework.messaging.MessageHandlingException",
                "MongoDB down");

        admin("POST", "/api/v1/admin/dead-letters/redrive", "{\"topic\":\"alliance.grants\"}", 200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                grants.balance(grant.grantId()).obligated()).isEqualByComparingTo("150.00"));

        JsonNode again = admin("POST", "/api/v1/admin/dead-letters/redrive",
                "{\"topic\":\"alliance.grants\",\"partition\":%d,\"offset\":%d}".formatted(dead.partition(),
                        dead.offset()), 200);
        JsonNode copy = again.path("records").get(0);
        awaitConsumed(copy.path("partition").asInt(), copy.path("offset").asLong());
        assertThat(grants.balance(grant.grantId()).obligated()).isEqualByComparingTo("150.00");
        assertThat(grants.balance(grant.grantId()).remaining()).isEqualByComparingTo("150.00");
        assertThat(deadLetterOf(amendment.id()).path("redriven").asBoolean()).isTrue();
    }

    private JsonNode deadLetterOf(String eventId) {
        JsonNode page = admin("GET", "/api/v1/admin/dead-letters?topic=alliance.grants&limit=1000", null, 200);
        for (JsonNode record : page.path("records")) {
            if (eventId.equals(record.path("eventId").asString(null))) {
                return record;
            }
        }
        return null;
    }

    private JsonNode admin(String method, String uri, String body, int status) {
        var request = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri)
                .header("Authorization", TestIssuer.get().bearer("test-admin"));
        var response = body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        return JSON.readTree(response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody());
    }

    private static void awaitConsumed(int partition, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers",
                SharedTestInfrastructure.get().kafkaBootstrapServers()))) {
            TopicPartition tp = new TopicPartition(Topics.GRANTS, partition);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS).get(tp);
                return committed != null && committed.offset() > offset;
            });
        }
    }

    private MetricsScrape scrape() {
        return MetricsScrape.parse(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }
}
