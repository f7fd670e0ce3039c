package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bulk uploads: each line answered in order as a single post would be, bad lines never failing good ones. */
@DisbursementServiceTest
class BatchIT extends InfrastructureProperties {

    static final MediaType CSV = MediaType.parseMediaType("text/csv");
    static TopicRecorder topics;
    /** Reads decimals exactly, keeping their scale (700.00 stays 700.00). */
    static final JsonMapper JSON = org.alliancetracker.events.EventCodec.contractMapper();

    @Autowired
    WebTestClient http;
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
    void ndjsonLinesAreAnsweredInOrderAndBadLinesFailAlone() {
        GrantRef grant = grants.award("BATCH-ND", "1000.00");
        String g = grant.grantId();
        String earlierKey = TestGrants.uniqueId("single");
        String earlierId = JSON.readTree(http.post().uri("/api/v1/disbursements").header("Idempotency-Key", earlierKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(g, "100.00", "2016-06-30", "INV-S"))
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody())
                .get("id").asString();
        String k = TestGrants.uniqueId("nd");
        String upload = String.join("\n",
                line(k + "-1", g, "200.00"),                                                       // 1
                "{\"grantId\":",                                                                   // 2
                "{\"idempotencyKey\":\"" + k + "-3\",\"grantId\":\"" + g + "\",\"amount\":1.00,"
                        + "\"currency\":\"USD\",\"valueDate\":\"2016-06-30\",\"payee\":\"x\"}",    // 3
                line(k + "-4", g, "\"10.00\""),                                                    // 4
                "",                                                                                // 5
                line(null, g, "10.00"),                                                            // 6
                line(k + "-7", g, "-1.00"),                                                        // 7
                line(k + "-8", "NO-SUCH-GRANT-8", "10.00"),                                        // 8
                line(k + "-9", g, "5000.00"),                                                      // 9
                line(earlierKey, g, "999.00"),                                                     // 10
                "{\"idempotencyKey\":\"" + earlierKey + "\",\"grantId\":\"" + g + "\",\"amount\":100.00,"
                        + "\"currency\":\"USD\",\"valueDate\":\"2016-06-30\",\"reference\":\"INV-S\"}", // 11
                line(k + "-12", g, "300.00"),                                                      // 12
                "null",                                                                            // 13
                "[1,2]") + "\n";                                                                    // 14

        List<JsonNode> answers = batch(MediaType.APPLICATION_NDJSON, upload);

        assertThat(answers).extracting(a -> a.get("line").asInt())
                .containsExactly(1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        assertThat(answers).extracting(a -> a.get("status").asInt())
                .containsExactly(201, 400, 400, 400, 400, 422, 404, 409, 422, 201, 201, 400, 400);
        // lines run concurrently: lines 1 and 12 were reserved in either order (900 - 200 - 300)
        assertThat(List.of(answers.get(0).get("remainingObligation").decimalValue().toPlainString(),
                answers.get(10).get("remainingObligation").decimalValue().toPlainString()))
                .isIn(List.of("700.00", "400.00"), List.of("400.00", "600.00"));
        assertThat(problem(answers.get(1))).isEqualTo("/problems/malformed-request");
        assertThat(answers.get(2).at("/problem/errors/0/field").asString()).isEqualTo("payee");
        assertThat(answers.get(3).at("/problem/errors/0/field").asString()).isEqualTo("amount");
        assertThat(problem(answers.get(4))).isEqualTo("/problems/idempotency-key-missing");
        assertThat(answers.get(4).at("/problem/errors/0/field").asString()).isEqualTo("idempotencyKey");
        assertThat(answers.get(5).at("/problem/errors/0/field").asString()).isEqualTo("amount");
        assertThat(problem(answers.get(6))).isEqualTo("/problems/not-found");
        assertThat(problem(answers.get(7))).isEqualTo("/problems/insufficient-obligation");
        assertThat(answers.get(7).at("/problem/remaining").isNumber()).isTrue();
        assertThat(problem(answers.get(8))).isEqualTo("/problems/idempotency-key-reused");
        assertThat(answers.get(9).get("id").asString()).isEqualTo(earlierId); // the single post's answer

        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("600.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> topics.eventsAbout(g).size() >= 3);

        // the same upload again: the same answers, nothing recorded twice
        List<JsonNode> again = batch(MediaType.APPLICATION_NDJSON, upload);
        assertThat(again.stream().map(a -> a.get("status").asInt() == 201 ? a.toString() : a.get("status").toString()))
                .containsExactlyElementsOf(answers.stream()
                        .map(a -> a.get("status").asInt() == 201 ? a.toString() : a.get("status").toString()).toList());
        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("600.00");
        assertThat(topics.eventsAbout(g)).hasSize(3);
    }

    @Test
    void csvRecordsAsFinanceSystemsExportThemAreAnsweredInOrder() {
        GrantRef grant = grants.award("BATCH-CSV", "1000.00");
        String g = grant.grantId();
        String k = TestGrants.uniqueId("csv");
        String upload = "\uFEFFgrantId,amount,currency,valueDate,reference,description,idempotencyKey\r\n"   // 1
                + g + ",250.00,USD,2016-06-30,INV-1,\"Salaries, Q2 \"\"field\"\" team\",\"" + k + "-1\"\r\n" // 2
                + g + ",\"1,000.00\",USD,2016-06-30,INV-2,,\"" + k + "-2\"\r\n"                          // 3
                + g + ",100.00,USD,2016-06-30,INV-3,\"two\r\nlines\"," + k + "-3\r\n"                    // 4-5
                + g + ",100.00,USD\r\n"                                                                  // 6
                + g + ",5000.00,USD,2016-06-30,INV-5,," + k + "-5\r\n"                                    // 7
                + g + ",50.00,EUR,2016-06-30,INV-6,," + k + "-6\r\n"                                      // 8
                + g + ",50.00,USD,2020-01-01,INV-7,," + k + "-7\r\n"                                      // 9
                + g + ",50.00,USD,2016-06-30,INV-8,,\r\n"                                                 // 10
                + g + ",50.00,USD,2016-06-30,INV-9,,\"" + k + "-9\"";                                   // 11, no line end

        List<JsonNode> answers = batch(CSV, upload);

        assertThat(answers).extracting(a -> a.get("line").asInt()).containsExactly(2, 3, 4, 6, 7, 8, 9, 10, 11);
        assertThat(answers).extracting(a -> a.get("status").asInt())
                .containsExactly(201, 400, 201, 400, 409, 422, 422, 400, 201);
        assertThat(answers.get(1).at("/problem/errors/0/field").asString()).isEqualTo("amount");
        assertThat(answers.get(3).at("/problem/detail").asString()).contains("3 field(s)");
        assertThat(answers.get(5).at("/problem/errors/0/field").asString()).isEqualTo("currency");
        assertThat(problem(answers.get(6))).isEqualTo("/problems/value-date-outside-grant-period");
        assertThat(problem(answers.get(7))).isEqualTo("/problems/idempotency-key-missing");

        String firstId = answers.get(0).get("id").asString();
        http.get().uri("/api/v1/disbursements/" + firstId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.description").isEqualTo("Salaries, Q2 \"field\" team");
        http.get().uri("/api/v1/disbursements/" + answers.get(2).get("id").asString()).exchange()
                .expectBody().jsonPath("$.description").isEqualTo("two\nlines");
        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("400.00");
    }

    @Test
    void aCsvUploadWithAnUnusableHeaderIsRefusedAsAWhole() {
        http.post().uri("/api/v1/disbursements/batch").contentType(CSV)
                .bodyValue("grantId,amount,currency,valueDate\nG-1,10.00,USD,2016-06-30\n").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-csv-header");
    }

    @Test
    void anotherContentTypeIsUnsupported() {
        http.post().uri("/api/v1/disbursements/batch").contentType(MediaType.APPLICATION_JSON).bodyValue("[]")
                .exchange().expectStatus().isEqualTo(415);
    }

    private List<JsonNode> batch(MediaType type, String upload) {
        String answer = http.post().uri("/api/v1/disbursements/batch").contentType(type)
                .bodyValue(upload.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class).returnResult().getResponseBody();
        return Arrays.stream(answer.split("\n")).map(JSON::readTree).toList();
    }

    private static String problem(JsonNode answer) {
        return answer.at("/problem/type").asString();
    }

    private static String line(String key, String grantId, String amount) {
        return "{" + (key == null ? "" : "\"idempotencyKey\":\"" + key + "\",") + "\"grantId\":\"" + grantId
                + "\",\"amount\":" + amount + ",\"currency\":\"USD\",\"valueDate\":\"2016-06-30\"}";
    }
}
