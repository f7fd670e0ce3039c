package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.alliancetracker.events.GrantRef;
import org.alliancetracker.infra.HostileInput;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text hygiene at the door of the agency API: {@code reference} and {@code description} of a single post, of an NDJSON
 * line and of a CSV record, and a reversal's {@code reason}, each refuse every class of forbidden character
 * ({@link HostileInput#FORBIDDEN_TEXT}; in CSV the characters themselves, raw, except lone surrogates, which UTF-8
 * cannot encode) with 422 {@code invalid-request} naming the field, and nothing is stored.
 */
@DisbursementServiceTest
@TestPropertySource(properties = {"spring.mongodb.database=disbursements-text",
        "spring.cloud.stream.bindings.grantEvents-in-0.group=disbursement-service-text"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TextHygieneIT extends InfrastructureProperties {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The forbidden characters as they are, one per class (lone surrogates aside: not encodable in UTF-8). */
    private static final List<String> RAW = List.of("\u0000", "\u0001", "\r", "\u001f", "\u007f", "\u0085",
            "\u009f", "\ufdd0", "\ufffe", "\uffff", new String(Character.toChars(0x1FFFE)));

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;
    GrantRef grant;
    String accepted;
    String before;
    int refused;

    @BeforeAll
    void fixture() {
        grant = new TestGrants(http).award("TEXT", "1000000.00");
        accepted = http.post().uri("/api/v1/disbursements").header("Idempotency-Key", TestGrants.uniqueId("text"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(valid(null)).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> !dump().contains("\"outbox\": [{"));
        before = dump();
    }

    String valid(String key) {
        return (key == null ? "{" : "{\"idempotencyKey\":\"" + key + "\",") + "\"grantId\":\"" + grant.grantId()
                + "\",\"amount\":12.34,\"currency\":\"USD\",\"valueDate\":\"2016-06-30\",\"reference\":\"INV-T\","
                + "\"description\":\"Text\"}";
    }

    @Order(1)
    @TestFactory
    Stream<DynamicTest> singlePostsAndReversalsAre422NamingTheField() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String field : List.of("reference", "description")) {
            for (String value : HostileInput.FORBIDDEN_TEXT) {
                tests.add(DynamicTest.dynamicTest("POST disbursement " + field + " = " + value, () -> assertProblem(
                        http.post().uri("/api/v1/disbursements").header("Idempotency-Key", TestGrants.uniqueId("t"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(HostileInput.with(valid(null), field, value).getBytes(StandardCharsets.UTF_8))
                                .exchange().expectStatus().isEqualTo(422)
                                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                                .expectBody().returnResult().getResponseBody(), field)));
            }
        }
        for (String value : HostileInput.FORBIDDEN_TEXT) {
            tests.add(DynamicTest.dynamicTest("POST reversal reason = " + value, () -> assertProblem(
                    http.post().uri("/api/v1/disbursements/" + accepted + "/reversal")
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(("{\"reason\":" + value + "}").getBytes(StandardCharsets.UTF_8))
                            .exchange().expectStatus().isEqualTo(422)
                            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectBody().returnResult().getResponseBody(), "reason")));
        }
        return tests.stream();
    }

    @Order(2)
    @Test
    void everyNdjsonLineIs422NamingTheField() {
        StringBuilder upload = new StringBuilder();
        List<String> fields = new ArrayList<>();
        for (String field : List.of("reference", "description")) {
            for (String value : HostileInput.FORBIDDEN_TEXT) {
                upload.append(HostileInput.with(valid(TestGrants.uniqueId("l")), field, value)).append('\n');
                fields.add(field);
            }
        }
        assertLines(upload(MediaType.APPLICATION_NDJSON_VALUE, upload.toString()), fields);
    }

    @Order(3)
    @Test
    void everyCsvRecordIs422NamingTheColumn() {
        StringBuilder upload = new StringBuilder("grantId,amount,currency,valueDate,reference,description,idempotencyKey\n");
        List<String> fields = new ArrayList<>();
        for (String raw : RAW) {
            upload.append(grant.grantId()).append(",1.00,USD,2016-06-30,\"a").append(raw).append("b\",ok,")
                    .append(TestGrants.uniqueId("c")).append('\n');
            fields.add("reference");
            upload.append(grant.grantId()).append(",1.00,USD,2016-06-30,ok,\"a").append(raw).append("b\",")
                    .append(TestGrants.uniqueId("c")).append('\n');
            fields.add("description");
        }
        assertLines(upload("text/csv", upload.toString()), fields);
    }

    @Order(4)
    @Test
    void nothingWasStored() {
        assertThat(refused).isEqualTo(3 * HostileInput.FORBIDDEN_TEXT.size() + 2 * HostileInput.FORBIDDEN_TEXT.size()
                + 2 * RAW.size());
        assertThat(dump()).isEqualTo(before);
    }

    private List<JsonNode> upload(String type, String body) {
        byte[] answer = http.post().uri("/api/v1/disbursements/batch").contentType(MediaType.parseMediaType(type))
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return new String(answer, StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
    }

    private void assertLines(List<JsonNode> answers, List<String> fields) {
        assertThat(answers).hasSize(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            JsonNode answer = answers.get(i);
            assertThat(answer.path("status").asInt()).as("%s", answer).isEqualTo(422);
            assertProblem(JSON.writeValueAsBytes(answer.path("problem")), fields.get(i));
        }
    }

    private void assertProblem(byte[] body, String field) {
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("type").asString()).as("%s", problem).isEqualTo("/problems/invalid-request");
        assertThat(problem.path("errors")).as("%s", problem).singleElement()
                .satisfies(e -> assertThat(e.path("field").asString()).isEqualTo(field))
                .satisfies(e -> assertThat(e.path("message").asString()).contains("U+"));
        refused++;
    }

    private String dump() {
        var disbursements = mongo.getCollection("disbursements")
                .flatMapMany(c -> Flux.from(c.find().sort(Sorts.ascending("_id"))));
        var ledger = mongo.getCollection("grant_ledger")
                .flatMapMany(c -> Flux.from(c.find(Filters.eq("_id", grant.grantId()))));
        return Flux.concat(disbursements, ledger).map(Document::toJson).collect(Collectors.joining("\n"))
                .block(Duration.ofSeconds(30));
    }
}
