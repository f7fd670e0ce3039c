package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.alliancetracker.events.Topics;
import org.alliancetracker.events.appropriation.AppropriationRescinded;
import org.alliancetracker.events.appropriation.FundsReprogrammed;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reprogrammings move unobligated funds between allocations of one account (or out of the Plan) and rescissions
 * cancel unallocated budget authority: both checked against what is still free, atomic under concurrency, an event
 * each, safe to retry, and bad input changes nothing.
 */
@GrantsServiceTest
@Import(ReprogrammingIT.Clocks.class)
class ReprogrammingIT extends InfrastructureProperties {

    static final SettableClock CLOCK = new SettableClock(Instant.parse("2022-03-01T12:00:00Z"));
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    static TopicRecorder topics;

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        SettableClock testClock() {
            return CLOCK;
        }
    }

    /** Its own database: the fiscal years of this class do not meet those of the other classes. */
    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.database", () -> "grants-reprogramming-it");
    }

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;
    Api api;

    @BeforeAll
    static void recordTopics() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(), Topics.APPROPRIATIONS);
    }

    @AfterAll
    static void stopRecording() {
        topics.close();
    }

    @BeforeEach
    void client() {
        api = new Api(http);
        CLOCK.set("2022-03-01");
    }

    @Test
    void aReprogrammingMovesUnobligatedFundsWithinAnAccountAndIsCheckedAgainstWhatIsFree() {
        enact(2021);
        String a = allocate(2021, "GT", "ESF", "40000000.00");
        String b = allocate(2021, "HN", "ESF", "10000000.00");
        String c = allocate(2021, "SV", "INCLE", "5000000.00");
        api.call("POST", "/api/v1/grants", """
                {"id":"RP-G-1","allocationId":"%s","agency":"USAID","title":"Grant","obligatedAmount":30000000.00,
                 "startDate":"2021-03-01","endDate":"2024-02-28"}""".formatted(a), 201);

        JsonNode moved = api.call("POST", "/api/v1/reprogrammings", body("RP-1", a, b, "10000000.00"), 201);
        assertThat(moved.path("account").asString()).isEqualTo("ESF");
        // a retry of the same request is answered alike and counted once
        api.call("POST", "/api/v1/reprogrammings", body("RP-1", a, b, "10000000.00"), 200);
        api.problem("POST", "/api/v1/reprogrammings", body("RP-1", a, b, "1.00"), HttpStatus.CONFLICT,
                "reprogramming-exists");
        var tooMuch = api.problem("POST", "/api/v1/reprogrammings", body("RP-2", a, b, "0.01"), HttpStatus.CONFLICT,
                "exceeds-unobligated");
        assertThat(tooMuch.path("unobligated").decimalValue()).isEqualByComparingTo("0.00");
        var otherAccount = api.problem("POST", "/api/v1/reprogrammings", body("RP-3", b, c, "1.00"),
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(otherAccount.path("errors").get(0).path("field").asString()).isEqualTo("to");
        var nowhere = api.problem("POST", "/api/v1/reprogrammings", body("RP-4", b, null, "1.00"),
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(nowhere.path("errors").get(0).path("field").asString()).isEqualTo("destination");

        api.call("POST", "/api/v1/reprogrammings", """
                {"id":"RP-OUT","from":"%s","destination":"Other Western Hemisphere programs","amount":5000000.00,
                 "notificationReference":"CN 22-001","notifiedOn":"2022-02-01"}""".formatted(b), 201);

        assertAllocation(a, "30000000.00", "0.00", "0.00", "10000000.00");
        assertAllocation(b, "15000000.00", "15000000.00", "10000000.00", "5000000.00");
        assertAllocation(c, "5000000.00", "5000000.00", "0.00", "0.00");
        // still allocated (to other programs): nothing came back to the year's available funds
        assertThat(api.get("/api/v1/appropriations/2021").path("allocated").decimalValue())
                .isEqualByComparingTo("55000000.00");
        assertThat(Api.texts(api.get("/api/v1/reprogrammings?fiscalYear=2021"), "id"))
                .containsExactly("RP-1", "RP-OUT");

        CLOCK.set("2022-10-01");
        api.problem("POST", "/api/v1/reprogrammings", body("RP-LATE", b, null, "1.00")
                .replace("\"to\":null,", "\"destination\":\"Elsewhere\","), HttpStatus.CONFLICT, "funds-expired");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.eventsAbout("2021").stream()
                .map(e -> e.data()).filter(FundsReprogrammed.class::isInstance)
                .map(e -> ((FundsReprogrammed) e).reprogrammingId())).containsExactlyInAnyOrder("RP-1", "RP-OUT"));
    }

    @Test
    void concurrentReprogrammingsAndAwardsFromOneAllocationTakeExactlyWhatIsUnobligated() {
        enact(2027);
        String from = allocate(2027, "GT", "ESF", "10000000.00");
        String to = allocate(2027, "HN", "ESF", "1000000.00");
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestIssuer.get().bearer("test-officer")).build();

        List<? extends JsonNode> answers = Flux.range(0, 40).flatMap(i -> client.post()
                        .uri(i % 2 == 0 ? "/api/v1/reprogrammings" : "/api/v1/grants")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(i % 2 == 0 ? body("RP-C-" + i, from, to, "1000000.00") : """
                                {"id":"RP-CG-%d","allocationId":"%s","agency":"USAID","title":"Grant",
                                 "obligatedAmount":1000000.00,"startDate":"2022-03-01","endDate":"2024-02-28"}"""
                                .formatted(i, from))
                        .exchangeToMono(r -> r.bodyToMono(String.class).map(text -> JSON.createObjectNode()
                                .put("status", r.statusCode().value()).set("body", JSON.readTree(text)))), 40)
                .collectList().block(Duration.ofSeconds(90));

        assertThat(answers).hasSize(40);
        assertThat(answers.stream().filter(n -> n.path("status").asInt() == 201)).hasSize(10);
        assertThat(answers.stream().filter(n -> n.path("status").asInt() != 201)).allSatisfy(n -> assertThat(
                n.path("body").path("type").asString()).isIn("/problems/exceeds-unobligated",
                "/problems/exceeds-allocation"));
        JsonNode source = api.get("/api/v1/allocations/" + from);
        assertThat(source.path("remaining").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(source.path("obligated").decimalValue().add(source.path("reprogrammedOut").decimalValue()))
                .isEqualByComparingTo("10000000.00");
        assertThat(api.get("/api/v1/allocations/" + to).path("amount").decimalValue())
                .isEqualByComparingTo(source.path("reprogrammedOut").decimalValue().add(new java.math.BigDecimal("1000000.00")));
    }

    @Test
    void aRescissionCancelsUnallocatedBudgetAuthorityOfAnAccountAndNoMore() {
        enact(2025);
        allocate(2025, "SV", "INCLE", "5000000.00");
        var unknown = api.problem("POST", "/api/v1/appropriations/2025/rescissions",
                rescission("R-0", "GHP", "1.00"), HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(unknown.path("errors").get(0).path("field").asString()).isEqualTo("account");
        api.problem("POST", "/api/v1/appropriations/2025/rescissions", rescission("R-1", "INCLE", "45000000.01"),
                HttpStatus.CONFLICT, "exceeds-unobligated");
        api.call("POST", "/api/v1/appropriations/2025/rescissions", rescission("R-1", "INCLE", "45000000.00"), 201);
        api.call("POST", "/api/v1/appropriations/2025/rescissions", rescission("R-1", "INCLE", "45000000.00"), 200);

        JsonNode year = api.get("/api/v1/appropriations/2025");
        assertThat(year.path("rescinded").decimalValue()).isEqualByComparingTo("45000000.00");
        assertThat(year.path("available").decimalValue()).isEqualByComparingTo("100000000.00");
        assertThat(year.path("accounts").get(1).path("rescinded").decimalValue()).isEqualByComparingTo("45000000.00");
        assertThat(year.path("accounts").get(1).path("unallocated").decimalValue()).isEqualByComparingTo("0.00");
        api.problem("POST", "/api/v1/allocations", """
                {"fiscalYear":2025,"country":"SV","pillar":"INSTITUTIONS","amount":0.01,"account":"INCLE"}""",
                HttpStatus.CONFLICT, "exceeds-available-funds");
        // the enactment cannot be restated below what is allocated or rescinded
        api.problem("PUT", "/api/v1/appropriations/2025", """
                {"stage":"ENACTED","amount":100000000.00,"source":"Act","accounts":[
                 {"code":"ESF","amount":99000000.00},{"code":"INCLE","amount":1000000.00}]}""",
                HttpStatus.CONFLICT, "account-in-use");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.eventsAbout("2025").stream()
                .filter(e -> e.data() instanceof AppropriationRescinded)).hasSize(1));
    }

    private void enact(int fiscalYear) {
        api.call("PUT", "/api/v1/appropriations/" + fiscalYear, """
                {"stage":"ENACTED","amount":150000000.00,"source":"Act","accounts":[
                 {"code":"ESF","amount":100000000.00},{"code":"INCLE","amount":50000000.00}]}""", 201);
    }

    private String allocate(int fiscalYear, String country, String account, String amount) {
        return api.call("POST", "/api/v1/allocations", """
                {"fiscalYear":%d,"country":"%s","pillar":"HUMAN_CAPITAL","amount":%s,"account":"%s",
                 "allocatedOn":"%d-01-15"}""".formatted(fiscalYear, country, amount, account, fiscalYear), 201)
                .path("id").asString();
    }

    private void assertAllocation(String id, String amount, String remaining, String in, String out) {
        JsonNode view = api.get("/api/v1/allocations/" + id);
        assertThat(view.path("amount").decimalValue()).as("amount").isEqualByComparingTo(amount);
        assertThat(view.path("remaining").decimalValue()).as("remaining").isEqualByComparingTo(remaining);
        assertThat(view.path("reprogrammedIn").decimalValue()).as("in").isEqualByComparingTo(in);
        assertThat(view.path("reprogrammedOut").decimalValue()).as("out").isEqualByComparingTo(out);
    }

    private static String body(String id, String from, String to, String amount) {
        return """
                {"id":"%s","from":"%s","to":%s,"amount":%s,"notificationReference":"CN 22-001",
                 "notifiedOn":"2022-02-01"}""".formatted(id, from, to == null ? "null" : "\"" + to + "\"", amount);
    }

    private static String rescission(String id, String account, String amount) {
        return """
                {"id":"%s","account":"%s","amount":%s,"source":"Rescissions Act","rescindedOn":"2022-05-08"}"""
                .formatted(id, account, amount);
    }
}
