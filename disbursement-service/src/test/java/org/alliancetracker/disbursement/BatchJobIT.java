package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.alliancetracker.disbursement.ledger.BalanceView;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batch jobs: stored first and answered 202, processed in the background with the rules of single posts (lines of a
 * grant in file order), results readable in input order, the key naming the batch, bad uploads refused whole with
 * nothing stored, and another agency seeing nothing.
 */
@DisbursementServiceTest
class BatchJobIT extends InfrastructureProperties {

    static final String PATH = "/api/v1/disbursement-batches";
    static final MediaType CSV = MediaType.parseMediaType("text/csv");
    static final JsonMapper JSON = EventCodec.contractMapper();
    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    MeterRegistry registry;
    @LocalServerPort
    int port;
    TestGrants grants;

    @BeforeAll
    static void connect() {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        topics = TopicRecorder.start(bootstrap, Topics.DISBURSEMENTS);
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    @BeforeEach
    void grants() {
        grants = new TestGrants(http);
    }

    @Test
    void aBatchIsStoredAnsweredAndProcessedInFileOrderWithTheRulesOfSinglePosts() throws Exception {
        String g = grants.award("JOB", "1000.00").grantId();
        String k = TestGrants.uniqueId("job");
        String upload = String.join("\n",
                line(k + "-1", g, "600.00"),                  // 1 accepted, 400 left
                line(k + "-2", g, "500.00"),                  // 2 refused: insufficient
                "{\"grantId\":",                              // 3 malformed
                line(k + "-4", g, "300.00"),                  // 4 accepted, 100 left
                line(k + "-5", g, "-1.00"),                   // 5 invalid amount
                line(k + "-6", g, "200.00"),                  // 6 refused: insufficient
                line(k + "-7", "NO-SUCH-GRANT-7", "1.00"),    // 7 unknown grant
                line(k + "-8", g, "100.00"),                  // 8 accepted, 0 left
                line(k + "-1", g, "600.00")) + "\n";          // 9 repeats line 1: the same answer

        HttpResponse<String> posted = postWithJdkClient(upload, k, "application/x-ndjson");

        assertThat(posted.statusCode()).isEqualTo(202);
        String location = posted.headers().firstValue("Location").orElseThrow();
        JsonNode accepted = JSON.readTree(posted.body());
        assertThat(location).isEqualTo(PATH + "/" + accepted.get("id").asString());
        assertThat(accepted.get("lines").asInt()).isEqualTo(9);
        assertThat(accepted.get("state").asString()).isIn("RECEIVED", "PROCESSING", "COMPLETED");

        JsonNode done = awaitCompleted(location);
        assertThat(done.get("processed").asInt()).isEqualTo(9);
        assertThat(done.get("accepted").asInt()).isEqualTo(4);
        assertThat(done.get("refused").get("/problems/insufficient-obligation").asInt()).isEqualTo(2);
        assertThat(done.get("refused").get("/problems/malformed-request").asInt()).isEqualTo(1);
        assertThat(done.get("refused").get("/problems/invalid-request").asInt()).isEqualTo(1);
        assertThat(done.get("refused").get("/problems/not-found").asInt()).isEqualTo(1);
        assertThat(done.get("startedAt").isString()).isTrue();
        assertThat(done.get("finishedAt").isString()).isTrue();
        assertThat(done.get("rate").isNumber()).isTrue();

        List<JsonNode> results = results(location, "");
        assertThat(results).extracting(r -> r.get("line").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(results).extracting(r -> r.get("status").asInt())
                .containsExactly(201, 409, 400, 201, 422, 409, 404, 201, 201);
        assertThat(results).extracting(r -> r.path("remainingObligation").asString(""))
                .containsExactly("400.00", "", "", "100.00", "", "", "", "0.00", "400.00");
        assertThat(results.get(1).at("/problem/remaining").decimalValue()).isEqualByComparingTo("400.00");
        assertThat(results.get(5).at("/problem/remaining").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(results.get(4).at("/problem/errors/0/field").asString()).isEqualTo("amount");
        assertThat(results.get(8).get("id").asString()).isEqualTo(results.get(0).get("id").asString());
        assertThat(results(location, "?status=refused")).extracting(r -> r.get("line").asInt())
                .containsExactly(2, 3, 5, 6, 7);

        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("1000.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout(g).size() >= 3);
        assertThat(topics.eventsAbout(g)).hasSize(3).allSatisfy(e -> assertThat(e.data())
                .isInstanceOf(DisbursementRecorded.class));
        // a single post with a line's key and body is a retry of that line: the same disbursement
        http.post().uri("/api/v1/disbursements").header("Idempotency-Key", k + "-4")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"grantId\":\"" + g + "\",\"amount\":300.00,\"currency\":\"USD\","
                        + "\"valueDate\":\"2016-06-30\",\"reference\":\"" + k + "-4\"}")
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.id").isEqualTo(results.get(3).get("id").asString());

        // the same key and body again: the same batch, nothing processed again; another body: 422, nothing stored
        HttpResponse<String> again = postWithJdkClient(upload, k, "application/x-ndjson");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).get("id").asString()).isEqualTo(accepted.get("id").asString());
        assertThat(JSON.readTree(again.body()).get("accepted").asInt()).isEqualTo(4);
        HttpResponse<String> other = postWithJdkClient(upload + line(k + "-10", g, "1.00") + "\n", k,
                "application/x-ndjson");
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(other.body()).get("type").asString()).isEqualTo("/problems/idempotency-key-reused");
        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("1000.00");
        assertThat(topics.eventsAbout(g)).hasSize(3);

        // listed for its agency; another agency sees nothing of it
        http.get().uri(PATH).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == '" + accepted.get("id").asString() + "')]").exists();
        String other_agency = TestIssuer.get().bearer("test-state-inl");
        http.get().uri(location).header(HttpHeaders.AUTHORIZATION, other_agency).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri(location + "/results").header(HttpHeaders.AUTHORIZATION, other_agency).exchange()
                .expectStatus().isNotFound();
        http.get().uri(PATH).header(HttpHeaders.AUTHORIZATION, other_agency).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.id == '" + accepted.get("id").asString() + "')]").doesNotExist();
    }

    @Test
    void linesDatedAfterTheGrantsAccountClosedAreRefusedAsSinglePostsAre() throws Exception {
        // 31 U.S.C. 1552: the account closes 2022-09-30, the grant's period runs on to 2024-12-31
        String g = grants.awardClosingOn("JOB-CANC", "1000.00", LocalDate.parse("2024-12-31"),
                LocalDate.parse("2022-09-30")).grantId();
        String k = TestGrants.uniqueId("cancjob");
        List<String> lines = List.of(
                line(k + "-1", g, "100.00", "2022-09-30"),   // 1 accepted: the last day before closing, 900 left
                line(k + "-2", g, "50.00", "2022-10-01"),    // 2 refused: account closed
                line(k + "-3", g, "2000.00", "2023-06-30"),  // 3 refused: account closed (before the amount counts)
                line(k + "-4", g, "200.00", "2021-01-15"),   // 4 accepted, 700 left
                line(k + "-5", g, "10.00", "2025-01-02"));   // 5 refused: outside the grant's period

        HttpResponse<String> posted = postWithJdkClient(String.join("\n", lines) + "\n", k, "application/x-ndjson");
        assertThat(posted.statusCode()).isEqualTo(202);
        JsonNode done = awaitCompleted(posted.headers().firstValue("Location").orElseThrow());

        assertThat(done.get("accepted").asInt()).isEqualTo(2);
        assertThat(done.get("refused").get("/problems/account-closed").asInt()).isEqualTo(2);
        assertThat(done.get("refused").get("/problems/value-date-outside-grant-period").asInt()).isEqualTo(1);
        List<JsonNode> results = results(posted.headers().firstValue("Location").orElseThrow(), "");
        assertThat(results).extracting(r -> r.get("status").asInt()).containsExactly(201, 409, 409, 201, 422);
        assertThat(results).extracting(r -> r.path("remainingObligation").asString(""))
                .containsExactly("900.00", "", "", "700.00", "");
        assertThat(results.get(1).at("/problem/closesOn").asString()).isEqualTo("2022-09-30");

        // each refused line got exactly the problem a single post of it gets (which changes nothing either)
        BalanceView before = grants.balance(g);
        for (int refused : List.of(1, 2, 4)) {
            JsonNode line = JSON.readTree(lines.get(refused));
            JsonNode single = JSON.readTree(http.post().uri("/api/v1/disbursements")
                    .header("Idempotency-Key", TestGrants.uniqueId("canc-single"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Requests.body(g, line.get("amount").asString(), line.get("valueDate").asString(),
                            line.get("reference").asString()))
                    .exchange().expectStatus().isEqualTo(results.get(refused).get("status").asInt())
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).returnResult().getResponseBody());
            JsonNode problem = results.get(refused).get("problem");
            for (String field : List.of("type", "title", "status", "detail")) {
                assertThat(problem.get(field)).as("line %d: %s", refused + 1, field).isEqualTo(single.get(field));
            }
            if (single.has("closesOn")) {
                assertThat(problem.get("closesOn")).isEqualTo(single.get("closesOn"));
            }
        }
        assertThat(grants.balance(g)).isEqualTo(before);

        // only the accepted lines count: the ledger, their documents, their events
        assertThat(before.disbursed()).isEqualByComparingTo("300.00");
        assertThat(before.remaining()).isEqualByComparingTo("700.00");
        for (int line = 1; line <= 5; line++) {
            boolean accepted = line == 1 || line == 4;
            assertThat(disbursementWithKey(k + "-" + line)).as("line " + line).isEqualTo(accepted);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout(g).size() >= 2);
        assertThat(topics.eventsAbout(g)).hasSize(2).allSatisfy(e -> assertThat(e.data())
                .isInstanceOf(DisbursementRecorded.class));
    }

    @Test
    void aCsvBatchOfSeveralChunksIsProcessedToItsEnd() {
        List<GrantRef> three = List.of(grants.award("JOB-CSV", "100000.00"), grants.award("JOB-CSV", "100000.00"),
                grants.award("JOB-CSV", "5.00"));
        String k = TestGrants.uniqueId("csvjob");
        StringBuilder upload = new StringBuilder("grantId,amount,currency,valueDate,reference,description,idempotencyKey\r\n");
        int lines = 2_500;
        for (int i = 0; i < lines; i++) {
            upload.append(three.get(i % 3).grantId()).append(",1.00,USD,2016-06-30,R-").append(i)
                    .append(",\"Line, ").append(i).append("\",").append(k).append('-').append(i).append("\r\n");
        }
        String location = http.post().uri(PATH).header("Idempotency-Key", k).contentType(CSV)
                .bodyValue(upload.toString()).exchange().expectStatus().isAccepted()
                .expectHeader().exists("Location")
                .returnResult(String.class).getResponseHeaders().getLocation().toString();

        JsonNode done = awaitCompleted(location);

        assertThat(done.get("lines").asInt()).isEqualTo(lines);
        assertThat(done.get("processed").asInt()).isEqualTo(lines);
        long onThird = (lines + 0) / 3; // lines 2, 5, 8, … go to the grant of 5.00: 5 accepted
        assertThat(done.get("accepted").asInt()).isEqualTo(lines - (int) onThird + 5);
        List<JsonNode> results = results(location, "");
        assertThat(results).hasSize(lines);
        assertThat(results).extracting(r -> r.get("line").asInt()).isSorted().first().isEqualTo(2);
        assertThat(grants.balance(three.get(2).grantId()).disbursed()).isEqualByComparingTo("5.00");
        assertThat(grants.balance(three.get(0).grantId()).disbursed()).isEqualByComparingTo("834.00");
    }

    @Test
    void operatorsSeeTheBacklogOfABatchGoDownWhileItIsProcessed() {
        List<GrantRef> two = List.of(grants.award("JOB-GAUGE", "100000.00"), grants.award("JOB-GAUGE", "100000.00"));
        String k = TestGrants.uniqueId("gauge");
        int lines = 10_000; // 10 chunks, seconds of processing: the gauge goes down by each
        StringBuilder upload = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            upload.append(line(k + "-" + i, two.get(i % 2).grantId(), "1.00")).append('\n');
        }
        String location = http.post().uri(PATH).header("Idempotency-Key", k).contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(upload.toString()).exchange().expectStatus().isAccepted()
                .returnResult(String.class).getResponseHeaders().getLocation().toString();
        Gauge backlog = registry.get("alliance.disbursement.batch.backlog").gauge();
        // while the batch runs, not only between batches: some chunks done, some left
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
                .failFast("the batch completed before the backlog gauge showed it in progress",
                        () -> "COMPLETED".equals(JSON.readTree(get(location)).get("state").asString()))
                .until(() -> backlog.value() > 0 && backlog.value() < lines);
        assertThat(awaitCompleted(location).get("accepted").asInt()).isEqualTo(lines);
        await().atMost(Duration.ofSeconds(30)).until(() -> backlog.value() == 0);
    }

    @Test
    void uploadsThatAreNotBatchesAreRefusedWholeAndStoreNothing() throws Exception {
        String g = grants.award("JOB-BAD", "100.00").grantId();
        for (String[] bad : List.of(
                new String[] {"", "application/x-ndjson", "422", "/problems/invalid-request"},
                new String[] {"\n \n", "application/x-ndjson", "422", "/problems/invalid-request"},
                new String[] {"[1,2]\n", "application/x-ndjson", "400", "/problems/malformed-request"},
                new String[] {"grantId,amount\n" + g + ",1.00\n", "text/csv", "400", "/problems/invalid-csv-header"},
                new String[] {"grantId,amount,currency,valueDate,idempotencyKey\n", "text/csv", "422",
                        "/problems/invalid-request"},
                new String[] {line("x", g, "1.00"), "application/json", "415", null})) {
            String key = TestGrants.uniqueId("bad");
            HttpResponse<String> response = postWithJdkClient(bad[0], key, bad[1]);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(Integer.parseInt(bad[2]));
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
            if (bad[3] != null) {
                assertThat(JSON.readTree(response.body()).get("type").asString()).isEqualTo(bad[3]);
            }
            String id = org.alliancetracker.disbursement.disbursement.IdempotencyKeys.batchId(TestGrants.AGENCY, key);
            http.get().uri(PATH + "/" + id).exchange().expectStatus().isNotFound();
        }
        HttpResponse<String> noKey = postWithJdkClient(line("y", g, "1.00"), null, "application/x-ndjson");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noKey.body()).get("type").asString()).isEqualTo("/problems/idempotency-key-missing");
        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("0.00");
    }

    private JsonNode awaitCompleted(String location) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> "COMPLETED"
                .equals(JSON.readTree(get(location)).get("state").asString()));
        return JSON.readTree(get(location));
    }

    private String get(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
    }

    private List<JsonNode> results(String location, String query) {
        String body = http.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build()
                .get().uri(location + "/results" + query).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class).returnResult().getResponseBody();
        return body == null ? List.of() : body.lines().map(JSON::readTree).toList();
    }

    private HttpResponse<String> postWithJdkClient(String upload, String key, String type) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", TestIssuer.get().bearer("test-usaid"))
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(upload, StandardCharsets.UTF_8));
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    static String line(String key, String grantId, String amount) {
        return line(key, grantId, amount, "2016-06-30");
    }

    static String line(String key, String grantId, String amount, String valueDate) {
        return "{\"idempotencyKey\":\"" + key + "\",\"grantId\":\"" + grantId + "\",\"amount\":" + amount
                + ",\"currency\":\"USD\",\"valueDate\":\"" + valueDate + "\",\"reference\":\"" + key + "\"}";
    }

    private boolean disbursementWithKey(String key) {
        return mongo.getCollection("disbursements")
                .flatMap(c -> Mono.from(c.find(Filters.eq("idempotencyKey", key)).first())).blockOptional()
                .isPresent();
    }

    static Set<String> ids(List<JsonNode> results) {
        return results.stream().filter(r -> r.has("id")).map(r -> r.get("id").asString()).collect(Collectors.toSet());
    }
}
