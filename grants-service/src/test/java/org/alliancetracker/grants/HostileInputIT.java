package org.alliancetracker.grants;

import static org.alliancetracker.infra.HostileInput.Field.optional;
import static org.alliancetracker.infra.HostileInput.Field.required;
import static org.alliancetracker.infra.HostileInput.Field.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.alliancetracker.events.Topics;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.infra.HostileInput;
import org.alliancetracker.infra.HostileInput.Case;
import org.alliancetracker.infra.HostileInput.Field;
import org.alliancetracker.infra.HostileInput.Kind;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import com.mongodb.client.model.Sorts;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input against every write endpoint: generated bad requests ({@link HostileInput}: every invalid value of
 * every field, broken and hostile JSON, MongoDB operators, invalid UTF-8, oversized bodies, wrong content types,
 * seeded random combinations; {@code -Dhostile.seed=N} replays another sample), sent with a program officer's
 * valid token so that validation, not authentication, is what is tested, plus a few without a token or with one that
 * lacks the scope. Every one must be answered 4xx {@code application/problem+json} without a stack trace or class
 * name, and afterwards the service's whole database and the topics must be as before.
 *
 * <p>The context has a database and consumer group of its own (shared with {@link PoisonEventsIT}, which uses another
 * fiscal year), so that the database can be compared whole.
 */
@GrantsServiceTest
@TestPropertySource(properties = {"spring.mongodb.database=grants-isolated",
        "spring.cloud.stream.bindings.disbursementEvents-in-0.group=grants-service-isolated"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT extends InfrastructureProperties {

    static final int YEAR = 2028;
    static final long SEED = Long.getLong("hostile.seed", 20_280_101L);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;
    @LocalServerPort
    int port;

    TopicRecorder topics;
    String allocation;
    String before;
    int sent;

    /** One write endpoint: a valid body and its fields. */
    record Endpoint(HttpMethod method, String path, String validBody, List<Field> fields) {
    }

    /** One request of the suite. */
    record Request(HttpMethod method, String path, String contentType, byte[] body, String token, boolean chunked,
                   String name) {
    }

    @BeforeAll
    void fixture() {
        Api api = new Api(http);
        api.call("PUT", "/api/v1/appropriations/" + YEAR, """
                {"stage":"ENACTED","amount":1000000.00,"source":"Hostile input act","withholdings":[
                 {"id":"w-held","percent":10,"condition":"Certification due"}]}""", 201);
        allocation = api.allocate(YEAR, "GT", "HUMAN_CAPITAL", "500000.00");
        api.award("HOSTILE-G", allocation, "100000.00");
        api.call("POST", "/api/v1/indicators", indicator("HOSTILE-IND"), 201);
        api.call("POST", "/api/v1/indicators/HOSTILE-IND/measurements", measurement("2019", "12.5"), 201);
        await().atMost(Duration.ofSeconds(30)).until(() -> !dump().contains("\"outbox\": [{"));
        topics = TopicRecorder.fromNow(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                Topics.APPROPRIATIONS, Topics.GRANTS, Topics.OUTCOMES);
        before = dump();
    }

    @AfterAll
    void stopRecording() {
        topics.close();
    }

    static String indicator(String id) {
        return """
                {"id":"%s","country":"GT","kind":"PROGRAM","name":"Hostile indicator","unit":"people",
                 "ascending":true,"grantId":"HOSTILE-G","baseline":{"period":"2018","value":1.5},
                 "targets":[{"period":"2020","value":10}]}""".formatted(id);
    }

    static String measurement(String period, String value) {
        return "{\"period\":\"%s\",\"value\":%s,\"source\":\"Hostile survey\"}".formatted(period, value);
    }

    List<Endpoint> endpoints() {
        List<Field> reason = List.of(text("reason", true, 500), optional("effectiveOn", Kind.DATE));
        String statusChange = "{\"reason\":\"Hostile review\",\"effectiveOn\":\"2019-06-01\"}";
        return List.of(
                new Endpoint(HttpMethod.PUT, "/api/v1/appropriations/" + YEAR, """
                        {"stage":"ENACTED","amount":1000000.00,"source":"Hostile input act","withholdings":[
                         {"id":"w-held","percent":10,"condition":"Certification due"}]}""",
                        List.of(required("stage", Kind.CODE), required("amount", Kind.MONEY), text("source", true, 300),
                                optional("withholdings", Kind.ARRAY), required("withholdings[0].id", Kind.ID),
                                required("withholdings[0].percent", Kind.PERCENT),
                                text("withholdings[0].condition", true, 500))),
                new Endpoint(HttpMethod.POST, "/api/v1/appropriations/" + YEAR + "/certifications",
                        "{\"withholdingId\":\"w-held\",\"certifiedOn\":\"2019-09-30\",\"note\":\"Certified\"}",
                        List.of(required("withholdingId", Kind.ID), required("certifiedOn", Kind.DATE),
                                text("note", false, 500))),
                new Endpoint(HttpMethod.POST, "/api/v1/allocations",
                        Api.allocationBody(YEAR, "GT", "HUMAN_CAPITAL", "1000.00"),
                        List.of(required("fiscalYear", Kind.YEAR), required("country", Kind.CODE),
                                required("pillar", Kind.CODE), required("amount", Kind.MONEY))),
                new Endpoint(HttpMethod.POST, "/api/v1/grants", """
                        {"id":"HOSTILE-NEW","allocationId":"%s","agency":"USAID","title":"Hostile grant",
                         "obligatedAmount":1000.00,"startDate":"2019-01-01","endDate":"2020-12-31",
                         "obligatedOn":"2019-01-01"}""".formatted(allocation),
                        List.of(required("id", Kind.ID), text("allocationId", true, 80), required("agency", Kind.CODE),
                                text("title", true, 300), required("obligatedAmount", Kind.MONEY),
                                required("startDate", Kind.DATE), required("endDate", Kind.DATE),
                                optional("obligatedOn", Kind.DATE))),
                new Endpoint(HttpMethod.POST, "/api/v1/grants/HOSTILE-G/amendments",
                        "{\"obligatedAmount\":90000.00,\"reason\":\"Hostile review\",\"amendedOn\":\"2019-06-01\"}",
                        List.of(required("obligatedAmount", Kind.MONEY), text("reason", true, 500),
                                optional("amendedOn", Kind.DATE))),
                new Endpoint(HttpMethod.POST, "/api/v1/grants/HOSTILE-G/suspension", statusChange, reason),
                new Endpoint(HttpMethod.POST, "/api/v1/grants/HOSTILE-G/resumption", statusChange, reason),
                new Endpoint(HttpMethod.POST, "/api/v1/grants/HOSTILE-G/closure", statusChange, reason),
                new Endpoint(HttpMethod.POST, "/api/v1/indicators", indicator("HOSTILE-IND2"),
                        List.of(required("id", Kind.ID), required("country", Kind.CODE), required("kind", Kind.CODE),
                                text("name", true, 200), text("unit", true, 60), required("ascending", Kind.BOOLEAN),
                                optional("grantId", Kind.ID), optional("baseline", Kind.OBJECT),
                                required("baseline.period", Kind.CODE), required("baseline.value", Kind.DECIMAL),
                                optional("targets", Kind.ARRAY), required("targets[0].period", Kind.CODE),
                                required("targets[0].value", Kind.DECIMAL))),
                new Endpoint(HttpMethod.POST, "/api/v1/indicators/HOSTILE-IND/measurements",
                        measurement("2020", "14.25"),
                        List.of(required("period", Kind.CODE), required("value", Kind.DECIMAL),
                                text("source", true, 300))));
    }

    /** Every field case of every endpoint, a seeded sample of the whole-body cases, random combinations, and more. */
    List<Request> requests() {
        Random random = new Random(SEED);
        String officer = TestIssuer.get().bearer("test-officer");
        List<Request> requests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            String where = endpoint.method() + " " + endpoint.path() + ": ";
            List<Case> cases = new ArrayList<>(HostileInput.fieldCases(endpoint.validBody(), endpoint.fields()));
            // every wrong content type; a seeded sample of the other whole-body cases (the same JSON reader for all)
            List<Case> bodies = new ArrayList<>(HostileInput.bodyCases(endpoint.validBody()));
            bodies.stream().filter(HostileInputIT::always).forEach(cases::add);
            bodies.removeIf(HostileInputIT::always);
            Collections.shuffle(bodies, random);
            cases.addAll(bodies.subList(0, 12));
            cases.addAll(HostileInput.random(endpoint.validBody(), endpoint.fields(), random, 8));
            cases.forEach(c -> requests.add(new Request(endpoint.method(), endpoint.path(), c.contentType(), c.body(),
                    officer, false, where + c.name())));
            // too large for any endpoint (256 KB): with a Content-Length, and streamed without one
            byte[] huge = HostileInput.with(endpoint.validBody(), endpoint.fields().getFirst().path(),
                    "\"" + "x".repeat(300_000) + "\"").getBytes(StandardCharsets.UTF_8);
            requests.add(new Request(endpoint.method(), endpoint.path(), HostileInput.JSON_TYPE, huge, officer, false,
                    where + "300 KB body"));
            requests.add(new Request(endpoint.method(), endpoint.path(), HostileInput.JSON_TYPE, huge, officer, true,
                    where + "300 KB body, chunked"));
            // a valid body without a token, and with a token that may not change the budget
            byte[] valid = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
            requests.add(new Request(endpoint.method(), endpoint.path(), HostileInput.JSON_TYPE, valid, null, false,
                    where + "no token"));
            requests.add(new Request(endpoint.method(), endpoint.path(), HostileInput.JSON_TYPE, valid,
                    TestIssuer.get().bearer("test-reader"), false, where + "reports:read token"));
        }
        // hostile path parameters with valid bodies
        String certification = "{\"withholdingId\":\"w-held\",\"certifiedOn\":\"2019-09-30\"}";
        String appropriation = "{\"stage\":\"ENACTED\",\"amount\":1000.00,\"source\":\"Hostile act\"}";
        for (String year : List.of("2014", "2031", "20x8", "2028.0", "99999999999", "-2028", "%24gt", "2028%00",
                "%7B%22%24gt%22%3A%22%22%7D", "2028;x=1", "%20")) {
            requests.add(new Request(HttpMethod.PUT, "/api/v1/appropriations/" + year, HostileInput.JSON_TYPE,
                    appropriation.getBytes(StandardCharsets.UTF_8), officer, false, "PUT appropriation " + year));
            requests.add(new Request(HttpMethod.POST, "/api/v1/appropriations/" + year + "/certifications",
                    HostileInput.JSON_TYPE, certification.getBytes(StandardCharsets.UTF_8), officer, false,
                    "POST certification " + year));
        }
        for (String id : List.of("%24gt", "a.b", "HOSTILE-G.obligatedCents", "%24where", "%7B%22%24gt%22%3A%22%22%7D",
                "HOSTILE-G%00", "x".repeat(300), "..%2F..%2Fetc", "%2E%2E")) {
            for (String change : List.of("amendments", "suspension", "closure")) {
                String body = change.equals("amendments") ? "{\"obligatedAmount\":1.00,\"reason\":\"x\"}"
                        : "{\"reason\":\"x\"}";
                requests.add(new Request(HttpMethod.POST, "/api/v1/grants/" + id + "/" + change,
                        HostileInput.JSON_TYPE, body.getBytes(StandardCharsets.UTF_8), officer, false,
                        "POST grant " + id + " " + change));
            }
            requests.add(new Request(HttpMethod.POST, "/api/v1/indicators/" + id + "/measurements",
                    HostileInput.JSON_TYPE, measurement("2021", "1").getBytes(StandardCharsets.UTF_8), officer, false,
                    "POST measurement of indicator " + id));
        }
        // rules that only a combination of otherwise valid values breaks
        requests.add(new Request(HttpMethod.POST, "/api/v1/indicators", HostileInput.JSON_TYPE,
                HostileInput.without(indicator("HOSTILE-IND3"), "grantId").getBytes(StandardCharsets.UTF_8), officer,
                false, "PROGRAM indicator without grantId"));
        requests.add(new Request(HttpMethod.POST, "/api/v1/grants", HostileInput.JSON_TYPE, HostileInput.with(
                endpoints().get(3).validBody(), "endDate", "\"2018-12-31\"").getBytes(StandardCharsets.UTF_8),
                officer, false, "grant ending before it starts"));
        return requests;
    }

    @Order(1)
    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsRefusedWithAProblemAndNoServerError() {
        List<Request> requests = requests();
        assertThat(requests).hasSizeGreaterThan(300);
        System.out.println("HOSTILE grants-service: " + requests.size() + " requests, seed " + SEED);
        return requests.stream().map(request -> DynamicTest.dynamicTest(request.name(), () -> {
            sent++;
            assertRefused(request.name(), send(request));
        }));
    }

    @Order(2)
    @Test
    void theDatabaseAndTheTopicsAreAsBefore() {
        assertThat(sent).isGreaterThan(300);
        assertThat(dump()).isEqualTo(before);

        // one valid change of each aggregate: anything a refused request had queued would come before it
        Api api = new Api(http);
        api.allocate(YEAR, "SV", "INSTITUTIONS", "1.00");
        api.amend("HOSTILE-G", "99999.99", 200);
        api.call("POST", "/api/v1/indicators/HOSTILE-IND/measurements", measurement("2020", "13"), 201);
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.records().size() >= 3);
        assertThat(topics.events(e -> true)).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactlyInAnyOrder(AllocationMade.class.getSimpleName(),
                        GrantAmended.class.getSimpleName(), OutcomeMeasured.class.getSimpleName());
        assertThat(topics.records()).hasSize(3);
    }

    private EntityExchangeResult<byte[]> send(Request request) {
        WebTestClient client = http.mutate().responseTimeout(Duration.ofSeconds(60))
                .defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION)).build();
        WebTestClient.RequestBodySpec spec = client.method(request.method())
                .uri(java.net.URI.create("http://localhost:" + port + request.path())); // as written: not encoded
        if (request.token() != null) {
            spec.header(HttpHeaders.AUTHORIZATION, request.token());
        }
        spec.contentType(MediaType.parseMediaType(request.contentType()));
        WebTestClient.RequestHeadersSpec<?> withBody = request.chunked()
                ? spec.body(BodyInserters.fromPublisher(Flux.range(0, 10).map(i -> java.util.Arrays.copyOfRange(
                        request.body(), i * request.body().length / 10, (i + 1) * request.body().length / 10)),
                        byte[].class))
                : spec.bodyValue(request.body());
        return withBody.exchange().expectBody().returnResult();
    }

    /** Whole-body cases sent to every endpoint: wrong content types and invalid UTF-8 (the others are sampled). */
    static boolean always(Case c) {
        return !c.contentType().equals(HostileInput.JSON_TYPE) || c.name().contains("UTF-8");
    }

    /** 4xx, problem+json naming its own status, and nothing of the implementation in it. */
    static void assertRefused(String what, EntityExchangeResult<byte[]> result) {
        String body = result.getResponseBody() == null ? ""
                : new String(result.getResponseBody(), StandardCharsets.UTF_8);
        int status = result.getStatus().value();
        assertThat(status).as("%s answered %d %s", what, status, body).isBetween(400, 499);
        assertThat(result.getResponseHeaders().getContentType()).as("%s: content type of %s", what, body)
                .isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("status").asInt()).as("%s: %s", what, body).isEqualTo(status);
        assertThat(problem.path("type").asString("")).as("%s: %s", what, body).startsWith("/problems/");
        assertThat(HostileInput.leaks(body)).as("%s leaks: %s", what, body).isEmpty();
    }

    /** The whole database of this context (claims aside: they follow alliance.disbursements), sorted. */
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
