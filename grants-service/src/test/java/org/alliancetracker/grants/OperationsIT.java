package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.MetricsScrape;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicPublisher;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator of grants-service sees and does: probes, build info, the API description, the metrics after some
 * traffic, the trace of a request on the record it publishes, and the dead letters of {@code alliance.disbursements}
 * (listed with their reason and re-driven so that the event counts exactly once).
 */
@GrantsServiceTest
class OperationsIT extends InfrastructureProperties {

    static final int YEAR = 2030;
    static final String GROUP = "grants-service";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TopicPublisher publisher;
    static TopicRecorder appropriations;

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;
    Api api;

    @BeforeAll
    static void connect() {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        publisher = TopicPublisher.connect(bootstrap);
        appropriations = TopicRecorder.start(bootstrap, Topics.APPROPRIATIONS);
    }

    @AfterAll
    static void disconnect() {
        publisher.close();
        appropriations.close();
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
    void probesBuildInfoAndTheApiDescriptionAreServed() {
        JsonNode readiness = json(http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("mongo").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("kafka").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("kafka").path("details").path("nodes").asInt()).isEqualTo(1);
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/info").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.build.artifact").isEqualTo("grants-service")
                .jsonPath("$.build.version").isNotEmpty();

        JsonNode docs = json(http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        assertThat(docs.path("info").path("title").asString()).isEqualTo("Alliance Tracker: grants-service");
        assertThat(docs.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
        assertThat(docs.path("components").path("schemas").has("ProblemDetail")).isTrue();
        assertThat(docs.path("paths").propertyNames()).contains("/api/v1/appropriations/{fiscalYear}",
                "/api/v1/allocations", "/api/v1/grants", "/api/v1/grants/{id}/amendments", "/api/v1/indicators",
                "/api/v1/admin/dead-letters", "/api/v1/admin/dead-letters/redrive");
        JsonNode award = docs.path("paths").path("/api/v1/grants").path("post");
        assertThat(award.path("security").toString()).contains("bearer");
        assertThat(award.path("responses").path("409").path("content").path("application/problem+json")
                .path("examples").propertyNames()).contains("exceeds-allocation", "grant-exists");
        assertThat(award.path("requestBody").toString()).contains("#/components/schemas/GrantRequest");
        assertThat(docs.path("components").path("schemas").path("GrantRequest").path("properties").path("id")
                .path("example").asString()).isEqualTo("GT-SEC-101");
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void aRequestsTraceContinuesOnTheRecordItPublishes() {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String parent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
        String allocation = http.post().uri("/api/v1/allocations").header("traceparent", parent)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Api.allocationBody(YEAR, "SV", "INSTITUTIONS", "1000.00"))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody() == null ? null : "created";
        assertThat(allocation).isNotNull();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(appropriations.records())
                .anySatisfy(record -> {
                    assertThat(header(record, "traceparent")).startsWith("00-" + traceId + "-")
                            .doesNotEndWith(parent.substring(36)); // a producer span of its own, same trace
                    assertThat(header(record, "ce_type")).isEqualTo("alliance.allocation.made.v1");
                }));
    }

    @Test
    void theMetricsOperatorsWatchAreScrapedAfterTraffic() {
        GrantRef grant = awardedGrant("OPS-MET-1", "100.00");
        publisher.publish(new DisbursementRecorded("d-ops-met-1", grant, new BigDecimal("10.00"), "USD",
                LocalDate.parse("2030-06-30"), "INV-OPS", null), "/disbursement-service");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(disbursed("OPS-MET-1"))
                .isEqualByComparingTo("10.00"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MetricsScrape scrape = scrape();
            assertThat(scrape.sum("http_server_requests_seconds_count", "uri", "/api/v1/grants", "method", "POST",
                    "status", "201")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.sum("alliance_events_published_total", "topic", Topics.GRANTS,
                    "type", "alliance.grant.awarded.v1", "application", "grants-service")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.find("alliance_outbox_backlog_events", "collection", "budget_years")).hasSize(1);
            assertThat(scrape.sum("alliance_events_consumed_total", "consumer", "disbursementEvents",
                    "topic", Topics.DISBURSEMENTS, "type", "alliance.disbursement.recorded.v1"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scrape.find("alliance_projection_freshness_seconds", "consumer", "disbursementEvents",
                    "topic", Topics.DISBURSEMENTS)).singleElement()
                    .satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0));
            assertThat(scrape.find("alliance_kafka_consumer_lag_records", "group", GROUP,
                    "topic", Topics.DISBURSEMENTS)).hasSize(6);
        });
        MetricsScrape scrape = scrape();
        System.out.println("METRICS (grants-service): " + List.of(
                "published grant.awarded=" + scrape.sum("alliance_events_published_total", "type",
                        "alliance.grant.awarded.v1"),
                "consumed disbursement.recorded=" + scrape.sum("alliance_events_consumed_total", "type",
                        "alliance.disbursement.recorded.v1"),
                "backlog budget_years=" + scrape.sum("alliance_outbox_backlog_events", "collection", "budget_years"),
                "lag alliance.disbursements=" + scrape.sum("alliance_kafka_consumer_lag_records", "topic",
                        Topics.DISBURSEMENTS),
                "freshness=" + scrape.sum("alliance_projection_freshness_seconds", "consumer", "disbursementEvents")));
    }

    @Test
    void aPoisonRecordIsDeadLetteredAtOnceWithItsReasonAndPosition() {
        GrantRef grant = awardedGrant("OPS-DLQ-1", "100.00");
        // a valid CloudEvent of the wrong topic is malformed where it is read: dead-lettered without retries
        CloudEvent<?> misplaced = new EventCodec().envelope(new org.alliancetracker.events.grant.GrantSuspended(
                grant, "misplaced", LocalDate.parse("2030-01-02")), "/test");
        RecordMetadata sent = publisher.send(Topics.DISBURSEMENTS, grant.grantId(),
                new EventCodec().encode(misplaced));

        JsonNode dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOf(misplaced.id()),
                node -> node != null);
        assertThat(dead.path("originalTopic").asString()).isEqualTo(Topics.DISBURSEMENTS);
        assertThat(dead.path("originalPartition").asInt()).isEqualTo(sent.partition());
        assertThat(dead.path("originalOffset").asLong()).isEqualTo(sent.offset());
        assertThat(dead.path("deadLetterGroup").asString()).isEqualTo(GROUP);
        assertThat(dead.path("exceptionClass").asString()).isNotEmpty();
        assertThat(dead.path("exceptionMessage").asString()).contains("belongs on alliance.grants, not on alliance.disbursements");
        assertThat(dead.path("redriven").asBoolean()).isFalse();
        assertThat(dead.path("partition").asInt()).isEqualTo(sent.partition());
    }

    @Test
    void aReDrivenDeadLetterIsAppliedOnceHoweverOftenItIsReDriven() throws Exception {
        GrantRef grant = awardedGrant("OPS-RED-1", "100.00");
        EventCodec codec = new EventCodec();
        // an event this group dead-lettered (e.g. MongoDB was down for every attempt), claimed or not
        CloudEvent<?> unclaimed = codec.envelope(new DisbursementRecorded("d-ops-red-1", grant,
                new BigDecimal("7.00"), "USD", LocalDate.parse("2030-06-30"), "INV-RED-1", null), "/test");
        CloudEvent<?> claimed = codec.envelope(new DisbursementRecorded("d-ops-red-2", grant,
                new BigDecimal("0.50"), "USD", LocalDate.parse("2030-06-30"), "INV-RED-2", null), "/test");
        mongo.getCollection("event_claims").flatMap(c -> reactor.core.publisher.Mono.from(c.insertOne(
                new Document("_id", claimed.id()).append("topic", Topics.DISBURSEMENTS).append("partition", 2)
                        .append("offset", 999_999L)))).block();
        RecordMetadata first = publisher.deadLetter(Topics.DISBURSEMENTS, 1, 888_888L, grant.grantId(),
                codec.encode(unclaimed), GROUP, "org.springframework.messaging.MessageHandlingException", "MongoDB down");
        publisher.deadLetter(Topics.DISBURSEMENTS, 2, 999_999L, grant.grantId(), codec.encode(claimed), GROUP,
                "org.springframework.messaging.MessageHandlingException", "MongoDB down");
        assertThat(deadLetterOf(unclaimed.id())).isNotNull();

        JsonNode redriven = admin("POST", "/api/v1/admin/dead-letters/redrive",
                "{\"topic\":\"alliance.disbursements\"}", 200);
        assertThat(redriven.path("redriven").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(redriven.path("records").findValuesAsString("eventId")).contains(unclaimed.id(), claimed.id());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(disbursed("OPS-RED-1"))
                .isEqualByComparingTo("7.50"));
        assertThat(deadLetterOf(unclaimed.id()).path("redriven").asBoolean()).isTrue();
        JsonNode again = admin("POST", "/api/v1/admin/dead-letters/redrive", "{\"topic\":\"alliance.disbursements\"}",
                200);
        assertThat(again.path("records").findValuesAsString("eventId")).doesNotContain(unclaimed.id(), claimed.id());

        // re-driving the same dead letters by position republishes them: duplicates, applied to nothing
        for (JsonNode dead : List.of(deadLetterOf(unclaimed.id()), deadLetterOf(claimed.id()))) {
            JsonNode one = admin("POST", "/api/v1/admin/dead-letters/redrive", """
                    {"topic":"alliance.disbursements","partition":%d,"offset":%d}"""
                    .formatted(dead.path("partition").asInt(), dead.path("offset").asLong()), 200);
            JsonNode copy = one.path("records").get(0);
            awaitCommitted(copy.path("partition").asInt(), copy.path("offset").asLong());
        }
        assertThat(disbursed("OPS-RED-1")).isEqualByComparingTo("7.50");
        assertThat(first.topic()).isEqualTo(Topics.deadLetterTopic(Topics.DISBURSEMENTS));
    }

    @Test
    void aDeadLetterOfAnotherGroupIsADuplicateHereWhenReDriven() throws Exception {
        GrantRef grant = awardedGrant("OPS-RED-2", "100.00");
        CloudEvent<?> event = publisher.publish(new DisbursementRecorded("d-ops-red-3", grant,
                new BigDecimal("3.00"), "USD", LocalDate.parse("2030-06-30"), "INV-RED-3", null), "/test");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(disbursed("OPS-RED-2"))
                .isEqualByComparingTo("3.00"));
        Document claim = mongo.getCollection("event_claims").flatMap(c -> reactor.core.publisher.Mono.from(
                c.find(new Document("_id", event.id())).first())).block();
        // reporting-service failed on it at the same position, and its dead letter is re-driven from here
        RecordMetadata dead = publisher.deadLetter(Topics.DISBURSEMENTS, claim.getInteger("partition"),
                ((Number) claim.get("offset")).longValue(), grant.grantId(), new EventCodec().encode(event),
                "reporting-service", "org.springframework.messaging.MessageHandlingException", "MongoDB down");
        JsonNode one = admin("POST", "/api/v1/admin/dead-letters/redrive", """
                {"topic":"alliance.disbursements","partition":%d,"offset":%d}"""
                .formatted(dead.partition(), dead.offset()), 200);
        JsonNode copy = one.path("records").get(0);
        awaitCommitted(copy.path("partition").asInt(), copy.path("offset").asLong());
        assertThat(disbursed("OPS-RED-2")).isEqualByComparingTo("3.00");
    }

    @Test
    void deadLettersNeedTheAdminScopeAndAConsumedTopic() {
        http.get().uri("/api/v1/admin/dead-letters").exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/admin/dead-letters").header("Authorization", "").exchange()
                .expectStatus().isUnauthorized();
        JsonNode summary = admin("GET", "/api/v1/admin/dead-letters", null, 200);
        assertThat(summary.findValuesAsString("topic")).containsExactly(Topics.DISBURSEMENTS);
        assertThat(summary.get(0).path("deadLetterTopic").asString()).isEqualTo("alliance.disbursements.dlq");
        assertThat(admin("GET", "/api/v1/admin/dead-letters?topic=alliance.grants", null, 422)
                .path("type").asString()).isEqualTo("/problems/invalid-request");
        assertThat(admin("POST", "/api/v1/admin/dead-letters/redrive",
                "{\"topic\":\"alliance.disbursements\",\"partition\":0,\"offset\":987654321}", 404)
                .path("type").asString()).isEqualTo("/problems/not-found");
    }

    private GrantRef awardedGrant(String id, String amount) {
        String allocation = api.allocate(YEAR, "GT", "HUMAN_CAPITAL", amount);
        api.call("POST", "/api/v1/grants", """
                {"id":"%s","allocationId":"%s","agency":"USAID","title":"Ops %s","obligatedAmount":%s,
                 "startDate":"2030-01-01","endDate":"2030-12-31"}""".formatted(id, allocation, id, amount), 201);
        return new GrantRef(id, allocation, YEAR, Country.GT, Pillar.HUMAN_CAPITAL, "USAID");
    }

    private BigDecimal disbursed(String grantId) {
        return api.get("/api/v1/grants/" + grantId).get("disbursedAmount").decimalValue();
    }

    private JsonNode deadLetterOf(String eventId) {
        JsonNode page = admin("GET", "/api/v1/admin/dead-letters?topic=alliance.disbursements&limit=1000", null, 200);
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
        return json(response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody());
    }

    /** Waits until this service's group has consumed the record at this position of alliance.disbursements. */
    private static void awaitCommitted(int partition, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers",
                SharedTestInfrastructure.get().kafkaBootstrapServers()))) {
            TopicPartition tp = new TopicPartition(Topics.DISBURSEMENTS, partition);
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

    private static JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
