package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

import com.mongodb.client.model.Sorts;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text hygiene at the door: every free-text field of every grants-service write endpoint refuses each class of
 * forbidden character ({@link HostileInput#FORBIDDEN_TEXT}: C0 controls other than tab and LF, DEL, C1 controls, lone
 * surrogates, non-characters) with 422 {@code invalid-request} naming exactly that field, and the database is as
 * before. Tab and line feed are accepted.
 */
@GrantsServiceTest
@TestPropertySource(properties = {"spring.mongodb.database=grants-text",
        "spring.cloud.stream.bindings.disbursementEvents-in-0.group=grants-service-text"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TextHygieneIT extends InfrastructureProperties {

    static final int YEAR = 2027;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;

    String allocation;
    String before;
    int refused;

    /** One write endpoint, a valid body, and the paths of its free-text fields. */
    record Endpoint(String method, String path, String validBody, List<String> textFields) {
    }

    @BeforeAll
    void fixture() {
        Api api = new Api(http);
        api.call("PUT", "/api/v1/appropriations/" + YEAR, appropriation(), 201);
        allocation = api.allocate(YEAR, "HN", "HUMAN_CAPITAL", "500000.00");
        api.award("TEXT-G", allocation, "100000.00");
        api.call("POST", "/api/v1/indicators", indicator(), 201);
        await().atMost(Duration.ofSeconds(30)).until(() -> !dump().contains("\"outbox\": [{"));
        before = dump();
    }

    static String appropriation() {
        return """
                {"stage":"ENACTED","amount":1000000.00,"source":"Text act","withholdings":[
                 {"id":"w-text","percent":10,"condition":"Certification due"}]}""";
    }

    static String indicator() {
        return """
                {"id":"TEXT-IND","country":"HN","kind":"PROGRAM","name":"Text indicator","unit":"people",
                 "ascending":true,"grantId":"TEXT-G","baseline":{"period":"2018","value":1.5},
                 "targets":[{"period":"2020","value":10}]}""";
    }

    List<Endpoint> endpoints() {
        String statusChange = "{\"reason\":\"Review\",\"effectiveOn\":\"2019-06-01\"}";
        return List.of(
                new Endpoint("PUT", "/api/v1/appropriations/" + YEAR, appropriation(),
                        List.of("source", "withholdings[0].condition")),
                new Endpoint("POST", "/api/v1/appropriations/" + YEAR + "/certifications",
                        "{\"withholdingId\":\"w-text\",\"certifiedOn\":\"2019-09-30\",\"note\":\"Certified\"}",
                        List.of("note")),
                new Endpoint("POST", "/api/v1/grants", """
                        {"id":"TEXT-NEW","allocationId":"%s","agency":"USAID","title":"Text grant",
                         "obligatedAmount":1000.00,"startDate":"2019-01-01","endDate":"2020-12-31"}"""
                        .formatted(allocation), List.of("allocationId", "title")),
                new Endpoint("POST", "/api/v1/grants/TEXT-G/amendments",
                        "{\"obligatedAmount\":90000.00,\"reason\":\"Review\",\"amendedOn\":\"2019-06-01\"}",
                        List.of("reason")),
                new Endpoint("POST", "/api/v1/grants/TEXT-G/suspension", statusChange, List.of("reason")),
                new Endpoint("POST", "/api/v1/grants/TEXT-G/resumption", statusChange, List.of("reason")),
                new Endpoint("POST", "/api/v1/grants/TEXT-G/closure", statusChange, List.of("reason")),
                new Endpoint("POST", "/api/v1/indicators", indicator().replace("TEXT-IND", "TEXT-IND2"),
                        List.of("name", "unit")),
                new Endpoint("POST", "/api/v1/indicators/TEXT-IND/measurements",
                        "{\"period\":\"2020\",\"value\":3,\"source\":\"Survey\"}", List.of("source")));
    }

    @Order(1)
    @TestFactory
    Stream<DynamicTest> eachForbiddenCharacterInEachTextFieldIs422NamingTheField() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String field : endpoint.textFields()) {
                for (String value : HostileInput.FORBIDDEN_TEXT) {
                    String body = HostileInput.with(endpoint.validBody(), field, value);
                    tests.add(DynamicTest.dynamicTest(endpoint.method() + " " + endpoint.path() + " " + field + " = "
                            + value, () -> {
                        byte[] answer = http.method(org.springframework.http.HttpMethod.valueOf(endpoint.method()))
                                .uri(endpoint.path()).contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange()
                                .expectStatus().isEqualTo(422)
                                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                                .expectBody().returnResult().getResponseBody();
                        JsonNode problem = JSON.readTree(answer);
                        assertThat(problem.path("type").asString()).isEqualTo("/problems/invalid-request");
                        assertThat(problem.path("errors")).singleElement()
                                .satisfies(e -> assertThat(e.path("field").asString()).isEqualTo(field))
                                .satisfies(e -> assertThat(e.path("message").asString()).contains("U+"));
                        refused++;
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Order(2)
    @Test
    void nothingChangedAndTabAndLineFeedAreAccepted() {
        assertThat(refused).isEqualTo(12 * HostileInput.FORBIDDEN_TEXT.size());
        assertThat(dump()).isEqualTo(before);

        JsonNode grant = new Api(http).call("POST", "/api/v1/grants", """
                {"id":"TEXT-OK","allocationId":"%s","agency":"USAID","title":"Two\\tcolumns\\nand two lines é ✓ 𝄞",
                 "obligatedAmount":1000.00,"startDate":"2019-01-01","endDate":"2020-12-31"}""".formatted(allocation),
                201);
        assertThat(grant.path("title").asString()).isEqualTo("Two\tcolumns\nand two lines é ✓ 𝄞");
    }

    /** The whole database of this context (claims aside), sorted. */
    private String dump() {
        return mongo.getCollectionNames()
                .filter(name -> !name.equals("event_claims"))
                .sort()
                .concatMap(name -> mongo.getCollection(name)
                        .flatMapMany(c -> Flux.from(c.find().sort(Sorts.ascending("_id"))))
                        .map(Document::toJson)
                        .collect(Collectors.joining("\n", "== " + name + "\n", "\n")))
                .collect(Collectors.joining())
                .block(Duration.ofSeconds(30));
    }
}
