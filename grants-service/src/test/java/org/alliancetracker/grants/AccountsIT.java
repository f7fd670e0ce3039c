package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.alliancetracker.issuer.TestIssuer;
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
 * Accounts and periods of availability: an appropriation split into accounts (Σ = enacted), allocations naming an
 * account and held to its amount under concurrency, no new allocation or obligation after the account's
 * {@code availableUntil} (judged on the clock this test sets), and bad input that changes nothing.
 */
@GrantsServiceTest
@Import(AccountsIT.Clocks.class)
class AccountsIT extends InfrastructureProperties {

    static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-06-01T12:00:00Z"));
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

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
        registry.add("spring.mongodb.database", () -> "grants-accounts-it");
    }

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(http);
        CLOCK.set("2026-06-01");
    }

    @Test
    void badAccountsAreRefusedNamingTheFieldAndChangeNothing() {
        var sumWrong = api.problem("PUT", "/api/v1/appropriations/2025", """
                {"stage":"ENACTED","amount":100.00,"source":"Act","accounts":[
                 {"code":"ESF","amount":60.00},{"code":"DA","amount":30.00}]}""",
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(sumWrong.path("errors").get(0).path("field").asString()).isEqualTo("accounts");
        var early = api.problem("PUT", "/api/v1/appropriations/2025", """
                {"stage":"ENACTED","amount":100.00,"source":"Act","accounts":[
                 {"code":"ESF","amount":60.00},{"code":"DA","amount":40.00,"availableUntil":"2024-09-30"}]}""",
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(early.path("errors").get(0).path("field").asString()).isEqualTo("accounts[1].availableUntil");
        var twice = api.problem("PUT", "/api/v1/appropriations/2025", """
                {"stage":"ENACTED","amount":100.00,"source":"Act","accounts":[
                 {"code":"ESF","amount":60.00},{"code":"ESF","amount":40.00}]}""",
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(twice.path("errors").get(0).path("field").asString()).isEqualTo("accounts[1].code");
        api.problem("GET", "/api/v1/appropriations/2025", null, HttpStatus.NOT_FOUND, "not-found");

        api.call("PUT", "/api/v1/appropriations/2025", """
                {"stage":"ENACTED","amount":100.00,"source":"Act","accounts":[
                 {"code":"ESF","amount":60.00},{"code":"DA","amount":40.00}]}""", 201);
        var unknown = api.problem("POST", "/api/v1/allocations", """
                {"fiscalYear":2025,"country":"GT","pillar":"INSTITUTIONS","amount":1.00,"account":"INCLE"}""",
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(unknown.path("errors").get(0).path("field").asString()).isEqualTo("account");
        var unnamed = api.problem("POST", "/api/v1/allocations", """
                {"fiscalYear":2025,"country":"GT","pillar":"INSTITUTIONS","amount":1.00}""",
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(unnamed.path("errors").get(0).path("field").asString()).isEqualTo("account");
        var tooMuch = api.problem("POST", "/api/v1/allocations", """
                {"fiscalYear":2025,"country":"GT","pillar":"INSTITUTIONS","amount":40.01,"account":"DA"}""",
                HttpStatus.CONFLICT, "exceeds-available-funds");
        assertThat(tooMuch.path("account").asString()).isEqualTo("DA");

        JsonNode year = api.get("/api/v1/appropriations/2025");
        assertThat(year.path("allocated").decimalValue()).isEqualByComparingTo("0");
        assertThat(Api.texts(year.path("accounts"), "code")).containsExactly("ESF", "DA");
        assertThat(year.path("accounts").get(1).path("availableUntil").asString()).isEqualTo("2026-09-30");
        assertThat(year.path("accounts").get(1).path("closesOn").asString()).isEqualTo("2031-09-30");
        assertThat(api.get("/api/v1/allocations?fiscalYear=2025").size()).isZero();
    }

    @Test
    void anAppropriationWithoutAccountsIsOneAccountWithTheDefaultPeriod() {
        api.enact(2021, "1000.00", null);
        JsonNode year = api.get("/api/v1/appropriations/2021");
        assertThat(year.path("accounts")).hasSize(1);
        assertThat(year.path("accounts").get(0).path("code").asString()).isEqualTo("UNSPLIT");
        assertThat(year.path("accounts").get(0).path("availableUntil").asString()).isEqualTo("2022-09-30");
        String id = api.allocate(2021, "SV", "HUMAN_CAPITAL", "400.00");
        assertThat(api.get("/api/v1/allocations/" + id).path("account").asString()).isEqualTo("UNSPLIT");
        assertThat(api.get("/api/v1/appropriations/2021").path("accounts").get(0).path("unallocated").decimalValue())
                .isEqualByComparingTo("600.00");
    }

    @Test
    void afterItsPeriodAnAccountTakesNoNewAllocationOrObligationButOtherAccountsStillDo() {
        api.call("PUT", "/api/v1/appropriations/2026", """
                {"stage":"ENACTED","amount":150000000.00,"source":"Act 2026","accounts":[
                 {"code":"ESF","amount":100000000.00},
                 {"code":"INCLE","amount":50000000.00,"availableUntil":"2028-09-30"}]}""", 201);
        String esf = api.call("POST", "/api/v1/allocations", """
                {"fiscalYear":2026,"country":"HN","pillar":"PRODUCTIVE_SECTOR","amount":10000000.00,"account":"ESF"}""",
                201).path("id").asString();
        assertThat(api.get("/api/v1/appropriations/2026").path("accounts").get(0).path("status").asString())
                .isEqualTo("AVAILABLE");

        CLOCK.set("2027-10-01");
        var expired = api.problem("POST", "/api/v1/allocations", """
                {"fiscalYear":2026,"country":"HN","pillar":"PRODUCTIVE_SECTOR","amount":1.00,"account":"ESF"}""",
                HttpStatus.CONFLICT, "funds-expired");
        assertThat(expired.path("availableUntil").asString()).isEqualTo("2027-09-30");
        api.call("POST", "/api/v1/allocations", """
                {"fiscalYear":2026,"country":"HN","pillar":"INSTITUTIONS","amount":1.00,"account":"INCLE"}""", 201);
        // an obligation dated on the last day still counts (obligated late, recorded now); one a day later does not
        api.call("POST", "/api/v1/grants", grant("ACC-LATE-1", esf, "2027-09-30"), 201);
        api.problem("POST", "/api/v1/grants", grant("ACC-LATE-2", esf, "2027-10-01"), HttpStatus.CONFLICT,
                "funds-expired");
        // an increase is a new obligation; a decrease of an existing one is still allowed
        api.problem("POST", "/api/v1/grants/ACC-LATE-1/amendments",
                "{\"obligatedAmount\":2000000.00,\"reason\":\"More\"}", HttpStatus.CONFLICT, "funds-expired");
        api.call("POST", "/api/v1/grants/ACC-LATE-1/amendments",
                "{\"obligatedAmount\":500000.00,\"reason\":\"Less\"}", 200);

        JsonNode accounts = api.get("/api/v1/appropriations/2026").path("accounts");
        assertThat(accounts.get(0).path("status").asString()).isEqualTo("EXPIRED");
        assertThat(accounts.get(0).path("obligated").decimalValue()).isEqualByComparingTo("500000.00");
        assertThat(accounts.get(0).path("unobligated").decimalValue()).isEqualByComparingTo("9500000.00");
        assertThat(accounts.get(1).path("status").asString()).isEqualTo("AVAILABLE");
        CLOCK.set("2032-10-01");
        assertThat(api.get("/api/v1/appropriations/2026").path("accounts").get(0).path("status").asString())
                .isEqualTo("CLOSED");
        assertThat(api.get("/api/v1/appropriations/2026").path("accounts").get(0).path("closesOn").asString())
                .isEqualTo("2032-09-30");
    }

    @Test
    void concurrentAllocationsFromOneAccountAcceptExactlyThoseThatFit() {
        api.call("PUT", "/api/v1/appropriations/2027", """
                {"stage":"ENACTED","amount":100000000.00,"source":"Act 2027","accounts":[
                 {"code":"ESF","amount":10000000.00},{"code":"DA","amount":90000000.00}]}""", 201);
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestIssuer.get().bearer("test-officer")).build();

        List<Integer> statuses = Flux.range(0, 30).flatMap(i -> client.post().uri("/api/v1/allocations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"fiscalYear\":2027,\"country\":\"GT\",\"pillar\":\"INSTITUTIONS\","
                                + "\"amount\":1000000.00,\"account\":\"ESF\"}")
                        .exchangeToMono(r -> r.bodyToMono(String.class).map(body -> {
                            if (r.statusCode().value() == 409) {
                                assertThat(JSON.readTree(body).path("type").asString())
                                        .isEqualTo("/problems/exceeds-available-funds");
                            }
                            return r.statusCode().value();
                        })), 30)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(10);
        assertThat(statuses.stream().filter(s -> s == 409)).hasSize(20);
        JsonNode year = api.get("/api/v1/appropriations/2027");
        assertThat(year.path("accounts").get(0).path("allocated").decimalValue()).isEqualByComparingTo("10000000.00");
        assertThat(year.path("accounts").get(0).path("unallocated").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(year.path("accounts").get(1).path("unallocated").decimalValue()).isEqualByComparingTo("90000000.00");
        assertThat(year.path("available").decimalValue()).isEqualByComparingTo("90000000.00");
        BigDecimal listed = api.get("/api/v1/allocations?fiscalYear=2027").valueStream()
                .map(a -> a.path("amount").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(listed).isEqualByComparingTo("10000000.00");
    }

    private static String grant(String id, String allocation, String obligatedOn) {
        return """
                {"id":"%s","allocationId":"%s","agency":"USAID","title":"Late grant","obligatedAmount":1000000.00,
                 "startDate":"2027-10-01","endDate":"2030-09-30","obligatedOn":"%s"}""".formatted(id, allocation,
                obligatedOn);
    }
}
