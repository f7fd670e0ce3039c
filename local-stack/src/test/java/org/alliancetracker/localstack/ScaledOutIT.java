package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.alliancetracker.localstack.AllianceServices.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Independent scaling: one grants-service, two disbursement-service and two reporting-service instances (each its
 * own application context on a random port, the pairs in one consumer group each) against one broker. Concurrent
 * disbursements through both agency-API instances accept exactly what fits; both reporting instances show exactly
 * the ledger's totals. Every topic and dead-letter topic has the configured 6 partitions, and one trace runs from a
 * POST through the outbox, Kafka and the consumers to the country view's live stream.
 */
class ScaledOutIT {

    static final int PARTITIONS = 6;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Spans SPANS = new Spans();
    static final List<ConfigurableApplicationContext> CONTEXTS = new ArrayList<>();
    static ConfigurableApplicationContext grants;
    static List<ConfigurableApplicationContext> disbursement;
    static List<ConfigurableApplicationContext> reporting;

    @BeforeAll
    static void startScaledSystem() {
        grants = start(Service.GRANTS);
        disbursement = List.of(start(Service.DISBURSEMENT), start(Service.DISBURSEMENT));
        reporting = List.of(start(Service.REPORTING), start(Service.REPORTING));
    }

    @AfterAll
    static void stop() {
        for (int i = CONTEXTS.size() - 1; i >= 0; i--) {
            CONTEXTS.get(i).close();
        }
    }

    @Test
    void twoInstancesEachAcceptExactlyWhatFitsAndBothViewsEqualTheLedger() throws Exception {
        WebClient officer = client(grants, "test-officer");
        String allocation = budget(officer, "GT");
        List<String> grantIds = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String id = grantOnPartition(partition);
            grantIds.add(id);
            post(officer, "/api/v1/grants", """
                    {"id":"%s","allocationId":"%s","agency":"USAID","title":"Scaled %s","obligatedAmount":100.00,
                     "startDate":"2016-03-01","endDate":"2019-02-28"}""".formatted(id, allocation, id), 201);
        }
        List<WebClient> agencies = disbursement.stream().map(c -> client(c, "test-usaid")).toList();
        for (WebClient agency : agencies) {
            for (String id : grantIds) {
                await().atMost(Duration.ofSeconds(60)).until(() -> status(agency.get().uri("/api/v1/grants/" + id
                        + "/balance")) == 200);
            }
        }

        // 4 × 30.00 on each 100.00 grant, alternately through both instances, all at once: 3 fit, 1 does not
        List<Mono<Integer>> posts = new ArrayList<>();
        for (String id : grantIds) {
            for (int i = 0; i < 4; i++) {
                WebClient agency = agencies.get(i % 2);
                String key = id + "-" + i;
                posts.add(agency.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("""
                                {"grantId":"%s","amount":30.00,"currency":"USD","valueDate":"2016-06-30",
                                 "reference":"%s"}""".formatted(id, key))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())));
            }
        }
        List<Integer> statuses = Flux.merge(posts).collectList().block(Duration.ofSeconds(120));
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(3 * PARTITIONS);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(PARTITIONS);

        for (String id : grantIds) {
            for (WebClient agency : agencies) {
                JsonNode balance = get(agency, "/api/v1/grants/" + id + "/balance");
                assertThat(balance.path("disbursed").decimalValue()).isEqualByComparingTo("90.00");
                assertThat(balance.path("remaining").decimalValue()).isEqualByComparingTo("10.00");
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    get(officer, "/api/v1/grants/" + id).path("disbursedAmount").decimalValue())
                    .isEqualByComparingTo("90.00"));
        }
        for (ConfigurableApplicationContext instance : reporting) {
            WebClient reader = client(instance, null);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode gt = get(reader, "/api/v1/countries/GT");
                JsonNode fy = find(gt.path("byFiscalYear"), "key", "2016");
                assertThat(fy.path("obligated").decimalValue()).isEqualByComparingTo("600.00");
                assertThat(fy.path("disbursed").decimalValue()).isEqualByComparingTo("540.00");
            });
            JsonNode rows = get(reader, "/api/v1/countries/GT/transactions?fiscalYear=2016&figure=disbursed&size=100");
            assertThat(rows.path("totalElements").asInt()).isEqualTo(3 * PARTITIONS);
        }

        try (Admin admin = admin()) {
            assertBothInstancesConsume(admin, "disbursement-service", 2);
            assertBothInstancesConsume(admin, "reporting-service", 2 * Topics.SOURCE_TOPICS.size());
        }
    }

    @Test
    void everyTopicAndDeadLetterTopicHasTheConfiguredPartitions() throws Exception {
        try (Admin admin = admin()) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> expected = new ArrayList<>(Topics.SOURCE_TOPICS);
            expected.add(Topics.COUNTRY_VIEWS);
            Topics.SOURCE_TOPICS.forEach(topic -> expected.add(Topics.deadLetterTopic(topic)));
            assertThat(names).containsAll(expected);
            assertThat(names).noneMatch(name -> name.startsWith("error."));
            Map<String, TopicDescription> topics = admin.describeTopics(expected).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            topics.forEach((name, description) -> assertThat(description.partitions()).as(name).hasSize(PARTITIONS));
        }
    }

    @Test
    void oneTraceRunsFromAPostThroughKafkaToTheConsumersAndTheLiveStream() throws Exception {
        WebClient officer = client(grants, "test-officer");
        String allocation = budget(officer, "HN");
        post(officer, "/api/v1/grants", """
                {"id":"HN-TRACE-1","allocationId":"%s","agency":"USAID","title":"Traced","obligatedAmount":100.00,
                 "startDate":"2016-03-01","endDate":"2019-02-28"}""".formatted(allocation), 201);
        WebClient agency = client(disbursement.get(1), "test-usaid");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(agency.get().uri("/api/v1/grants/HN-TRACE-1/balance")) == 200);
        // A country view is published under the trace of its last change, several changes coalescing into one
        // publish: so the allocation and the grant must be in the reporting views before the traced disbursement, or
        // their later projection (reporting's grants consumer lagging its disbursements consumer) takes it over.
        WebClient reader = client(reporting.get(0), null);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(get(reader, "/api/v1/countries/HN/transactions?grantId=HN-TRACE-1&figure=obligated")
                    .path("totalElements").asInt()).isEqualTo(1);
            assertThat(get(reader, "/api/v1/countries/HN/transactions?fiscalYear=2016&figure=allocated&size=100")
                    .path("content").findValuesAsString("allocationId")).contains(allocation);
        });

        String traceId = HexFormat.of().formatHex(random(16));
        try (TopicRecorder recorder = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                Topics.DISBURSEMENTS)) {
            agency.post().uri("/api/v1/disbursements").header("Idempotency-Key", "TRACE-1")
                    .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(random(8)) + "-01")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"grantId\":\"HN-TRACE-1\",\"amount\":5.00,\"currency\":\"USD\","
                            + "\"valueDate\":\"2016-06-30\",\"reference\":\"TRACE-1\"}")
                    .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.records())
                    .anySatisfy(record -> assertThat(header(record.headers().lastHeader("traceparent")))
                            .startsWith("00-" + traceId + "-")));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> trace = SPANS.of(traceId);
            assertThat(trace).contains(
                    "disbursement-service SERVER http post /api/v1/disbursements",
                    "disbursement-service PRODUCER alliance.disbursements publish",
                    "reporting-service PRODUCER alliance.country-views publish",
                    "reporting-service CONSUMER alliance.country-views receive");
            assertThat(trace).anyMatch(s -> s.startsWith("reporting-service CONSUMER alliance.disbursements"));
            assertThat(trace).anyMatch(s -> s.startsWith("grants-service CONSUMER alliance.disbursements"));
        });
        System.out.println("TRACE " + traceId + ": " + SPANS.of(traceId));
    }

    private static synchronized String budget(WebClient officer, String country) {
        int status = status(officer.get().uri("/api/v1/appropriations/2016"));
        if (status == 404) {
            post(officer, "/api/v1/appropriations/2016", null, 0);
        }
        return post(officer, "/api/v1/allocations", """
                {"fiscalYear":2016,"country":"%s","pillar":"SECURITY_AND_JUSTICE","amount":1000.00,"allocatedOn":"2016-01-01"}"""
                .formatted(country), 201).path("id").asString();
    }

    private static JsonNode post(WebClient client, String uri, String body, int expected) {
        if (body == null) {
            return JSON.readTree(client.put().uri(uri).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"stage\":\"ENACTED\",\"amount\":750000000.00,\"source\":\"Act 2016\"}")
                    .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(30)));
        }
        var response = client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("{}")
                        .map(text -> Map.entry(r.statusCode(), text)))
                .block(Duration.ofSeconds(30));
        assertThat(response.getKey().value()).as(response.getValue()).isEqualTo(expected);
        return JSON.readTree(response.getValue());
    }

    private static JsonNode get(WebClient client, String uri) {
        return JSON.readTree(client.get().uri(uri).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(30)));
    }

    private static int status(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode()))
                .map(HttpStatusCode::value).block(Duration.ofSeconds(30));
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asString())) {
                return node;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static void assertBothInstancesConsume(Admin admin, String group, int members) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(30, TimeUnit.SECONDS).get(group);
        assertThat(description.members()).as(group).hasSize(members);
        assertThat(description.members()).as(group)
                .allSatisfy(m -> assertThat(m.assignment().topicPartitions()).isNotEmpty());
        assertThat(description.members().stream().map(m -> m.host()).distinct()).isNotEmpty();
    }

    /** A grant id that Kafka's default partitioner puts on this partition. */
    private static String grantOnPartition(int partition) {
        while (true) {
            String id = "GT-SCALE-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20)).toUpperCase();
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition) {
                return id;
            }
        }
    }

    private static WebClient client(ConfigurableApplicationContext context, String testClient) {
        WebClient.Builder builder = WebClient.builder().baseUrl("http://localhost:"
                + context.getEnvironment().getRequiredProperty("local.server.port"));
        if (testClient != null) {
            builder.defaultHeader("Authorization", TestIssuer.get().bearer(testClient));
        }
        return builder.build();
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", SharedTestInfrastructure.get().kafkaBootstrapServers()));
    }

    private static ConfigurableApplicationContext start(Service service) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN"));
        SharedTestInfrastructure.get().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        TestIssuer.get().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = service.application()
                .initializers(c -> c.getBeanFactory().registerSingleton("testSpans", SPANS))
                .run(args.toArray(String[]::new));
        CONTEXTS.add(context);
        return context;
    }

    private static String header(Header header) {
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** Every span any of the contexts ended: "service KIND name" per trace id. */
    static final class Spans implements SpanProcessor {
        private final Map<String, List<String>> byTrace = new ConcurrentHashMap<>();

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            String service = span.toSpanData().getResource().getAttribute(AttributeKey.stringKey("service.name"));
            byTrace.computeIfAbsent(span.getSpanContext().getTraceId(), t -> java.util.Collections
                    .synchronizedList(new ArrayList<>())).add(service + " " + span.getKind() + " " + span.getName());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        List<String> of(String traceId) {
            List<String> spans = byTrace.get(traceId);
            return spans == null ? List.of() : List.copyOf(spans);
        }
    }
}
