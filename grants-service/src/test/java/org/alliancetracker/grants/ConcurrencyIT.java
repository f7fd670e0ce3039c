package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import org.alliancetracker.events.Topics;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Budget rules hold under contention: many requests fired at once, which together exceed a limit, are accepted
 * exactly as far as they fit, because each rule is one conditional update of the year's document.
 */
@GrantsServiceTest
class ConcurrencyIT extends InfrastructureProperties {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;
    Api api;
    WebClient client;

    @BeforeAll
    static void recordTopics() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(), Topics.APPROPRIATIONS);
    }

    @AfterAll
    static void stopRecording() {
        topics.close();
    }

    @BeforeEach
    void clients() {
        api = new Api(http);
        client = WebClient.builder().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void sixtyConcurrentAllocationsThatTogetherExceedTheAvailableFundsAcceptExactlyThoseThatFit() {
        // 333,333,333.33 available: exactly 33 allocations of 10,000,000.00 fit, 27 must be refused
        api.enact(2017, "444444444.44", "[{\"id\":\"held\",\"percent\":25,\"condition\":\"Certification\"}]");
        assertThat(api.get("/api/v1/appropriations/2017").get("available").decimalValue())
                .isEqualByComparingTo("333333333.33");
        String[] countries = {"SV", "GT", "HN"};
        String[] pillars = {"PRODUCTIVE_SECTOR", "HUMAN_CAPITAL", "SECURITY_AND_JUSTICE", "INSTITUTIONS"};

        List<Outcome> outcomes = fire(60, i -> post("/api/v1/allocations",
                Api.allocationBody(2017, countries[i % 3], pillars[i % 4], "10000000.00")));

        assertThat(outcomes).allMatch(o -> o.status() == 201 || o.status() == 409);
        List<Outcome> accepted = outcomes.stream().filter(o -> o.status() == 201).toList();
        assertThat(accepted).hasSize(33);
        BigDecimal acceptedSum = accepted.stream().map(o -> o.body().get("amount").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(acceptedSum).isEqualByComparingTo("330000000.00");
        assertThat(outcomes.stream().filter(o -> o.status() == 409))
                .allSatisfy(o -> assertThat(o.body().get("type").asString()).isEqualTo("/problems/exceeds-available-funds"));

        JsonNode year = api.get("/api/v1/appropriations/2017");
        assertThat(year.get("allocated").decimalValue()).isEqualByComparingTo("330000000.00");
        assertThat(year.get("available").decimalValue()).isEqualByComparingTo("3333333.33");
        JsonNode listed = api.get("/api/v1/allocations?fiscalYear=2017");
        assertThat(listed.size()).isEqualTo(33);
        assertThat(Api.texts(listed, "id")).containsExactlyInAnyOrderElementsOf(
                accepted.stream().map(o -> o.body().get("id").asString()).toList());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(topics.eventsAbout("2017").stream()
                .filter(e -> e.data() instanceof AllocationMade)).hasSize(33));
    }

    @Test
    void fiftyConcurrentGrantsOnOneAllocationObligateExactlyWhatFits() {
        api.enact(2018, "100000000.00", null);
        String allocation = api.allocate(2018, "HN", "SECURITY_AND_JUSTICE", "20500000.00");

        List<Outcome> outcomes = fire(50, i -> post("/api/v1/grants",
                Api.grantBody("CONC-G-" + i, allocation, "1000000.00")));

        assertThat(outcomes.stream().filter(o -> o.status() == 201)).hasSize(20);
        assertThat(outcomes.stream().filter(o -> o.status() != 201))
                .hasSize(30)
                .allSatisfy(o -> assertThat(o.body().get("type").asString()).isEqualTo("/problems/exceeds-allocation"));
        JsonNode view = api.get("/api/v1/allocations/" + allocation);
        assertThat(view.get("obligated").decimalValue()).isEqualByComparingTo("20000000.00");
        assertThat(view.get("remaining").decimalValue()).isEqualByComparingTo("500000.00");
        assertThat(api.get("/api/v1/grants?fiscalYear=2018").size()).isEqualTo(20);
    }

    @Test
    void concurrentIncreasesOfDifferentGrantsNeverObligateMoreThanTheAllocation() {
        api.enact(2028, "100000000.00", null);
        String allocation = api.allocate(2028, "GT", "HUMAN_CAPITAL", "10000000.00");
        for (int i = 0; i < 20; i++) {
            api.award("CONC-A-" + i, allocation, "250000.00");
        }
        // 5,000,000.00 left: exactly 10 of 20 increases by 500,000.00 fit
        List<Outcome> outcomes = fire(20, i -> post("/api/v1/grants/CONC-A-" + i + "/amendments",
                "{\"obligatedAmount\":750000.00,\"reason\":\"Scale-up\"}"));

        assertThat(outcomes.stream().filter(o -> o.status() == 200)).hasSize(10);
        assertThat(outcomes.stream().filter(o -> o.status() != 200))
                .allSatisfy(o -> assertThat(o.body().get("type").asString()).isEqualTo("/problems/exceeds-allocation"));
        JsonNode view = api.get("/api/v1/allocations/" + allocation);
        assertThat(view.get("obligated").decimalValue()).isEqualByComparingTo("10000000.00");
        assertThat(view.get("remaining").decimalValue()).isEqualByComparingTo("0.00");
    }

    @Test
    void restatementsRacingWithAllocationsNeverLetAllocationsPassTheEnactedAmount() {
        api.enact(2026, "100000000.00", null);
        String[] amounts = {"100000000.01", "100000000.00"};
        // 150 allocations of 1,000,000.00 race to exhaust ~100,000,000.00 while 50 restatements change it by a cent:
        // a restatement that set available from a stale allocated total would let one allocation too many through
        List<Outcome> outcomes = fire(200, i -> i % 4 == 0
                ? put("/api/v1/appropriations/2026", "{\"stage\":\"ENACTED\",\"amount\":" + amounts[i / 4 % 2]
                + ",\"source\":\"Test act 2026\"}")
                : post("/api/v1/allocations", Api.allocationBody(2026, "SV", "INSTITUTIONS", "1000000.00")));

        assertThat(outcomes).allMatch(o -> o.status() < 500);
        BigDecimal accepted = outcomes.stream().filter(o -> o.status() == 201)
                .map(o -> o.body().get("amount").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(accepted).isEqualByComparingTo("100000000.00");
        JsonNode year = api.get("/api/v1/appropriations/2026");
        assertThat(year.get("allocated").decimalValue()).isEqualByComparingTo(accepted);
        assertThat(year.get("available").decimalValue()).isEqualByComparingTo(
                year.get("enacted").decimalValue().subtract(year.get("withheld").decimalValue()).subtract(accepted));
    }

    record Outcome(int status, JsonNode body) {
    }

    /** Fires all requests at once (up to {@code n} in flight) and collects every answer. */
    private static List<Outcome> fire(int n, IntFunction<Mono<Outcome>> request) {
        List<Outcome> outcomes = Flux.range(0, n).flatMap(request::apply, n).collectList()
                .block(Duration.ofSeconds(60));
        assertThat(outcomes).hasSize(n);
        return outcomes;
    }

    private Mono<Outcome> post(String uri, String body) {
        return exchange(client.post().uri(uri), body);
    }

    private Mono<Outcome> put(String uri, String body) {
        return exchange(client.put().uri(uri), body);
    }

    private static Mono<Outcome> exchange(WebClient.RequestBodySpec spec, String body) {
        return spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .map(text -> new Outcome(response.statusCode().value(), JSON.readTree(text))));
    }

}
