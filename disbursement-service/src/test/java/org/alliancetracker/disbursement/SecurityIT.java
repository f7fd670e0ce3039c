package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.alliancetracker.disbursement.disbursement.DisbursementView;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Agencies post only against their own grants: a disbursement, a bulk line or a reversal without a valid token
 * (missing, foreign signature, expired, wrong audience) is 401, without {@code disbursements:write} or an
 * {@code agency} claim 403, for another agency's grant 403 (per line in a bulk upload) — each as problem+json, and
 * none stores anything or publishes an event. Idempotency keys are the agency's own.
 */
@DisbursementServiceTest
class SecurityIT extends InfrastructureProperties {

    private static final List<String> WRITE = List.of("disbursements:write");
    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;
    WebTestClient anonymous;
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
    void clients() {
        anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        grants = new TestGrants(http);
    }

    static Stream<Arguments> refusedCallers() {
        TestIssuer issuer = TestIssuer.get();
        Instant past = Instant.now().minusSeconds(3600);
        return Stream.of(
                Arguments.of("no token", null, 401, "unauthorized"),
                Arguments.of("foreign signature", "Bearer " + issuer.forgeWithForeignKey(WRITE, "USAID"), 401,
                        "unauthorized"),
                Arguments.of("expired", "Bearer " + issuer.forge(WRITE, "USAID", c -> c.issueTime(Date.from(past))
                        .notBeforeTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(600)))), 401,
                        "unauthorized"),
                Arguments.of("wrong audience", "Bearer " + issuer.forge(WRITE, "USAID", c -> c.audience("other")), 401,
                        "unauthorized"),
                Arguments.of("program officer, no disbursements:write", issuer.bearer("test-officer"), 403, "forbidden"),
                Arguments.of("no agency claim", issuer.bearer("test-no-agency"), 403, "agency-required"),
                Arguments.of("another agency", issuer.bearer("test-state-inl"), 403, "not-your-grant"));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("refusedCallers")
    void aRefusedCallerStoresAndPublishesNothing(String what, String authorization, int status, String problem) {
        GrantRef grant = grants.award("sec", "1000.00");

        var request = anonymous.post().uri("/api/v1/disbursements").header("Idempotency-Key", "sec-key")
                .contentType(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        request.bodyValue(body(grant.grantId(), "10.00")).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/" + problem);

        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");
        assertThat(topics.eventsAbout(grant.grantId())).isEmpty();
    }

    @Test
    void aBulkLineForAnotherAgencysGrantIsRefusedAloneAndTheOthersGoThrough() {
        GrantRef usaid = grants.award("sec-usaid", "1000.00");
        GrantRef other = grants.award("sec-other", "1000.00");
        String upload = line(usaid.grantId(), "bulk-1") + "\n" + line(other.grantId(), "bulk-2") + "\n";

        List<Map<String, Object>> results = anonymous.post().uri("/api/v1/disbursements/batch")
                .header(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-state-inl"))
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(upload).exchange()
                .expectStatus().isOk()
                .returnResult(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .getResponseBody().collectList().block(Duration.ofSeconds(30));

        assertThat(results).extracting(r -> r.get("status")).containsExactly(403, 403);
        assertThat(grants.balance(usaid.grantId()).disbursed()).isEqualByComparingTo("0.00");

        List<Map<String, Object>> own = http.post().uri("/api/v1/disbursements/batch")
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(upload).exchange()
                .expectStatus().isOk()
                .returnResult(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .getResponseBody().collectList().block(Duration.ofSeconds(30));
        assertThat(own).extracting(r -> r.get("status")).containsExactly(201, 201);
    }

    @Test
    void onlyTheGrantsAgencyMayReverseItsDisbursement() {
        GrantRef grant = grants.award("sec-rev", "1000.00");
        DisbursementView posted = http.post().uri("/api/v1/disbursements").header("Idempotency-Key", "rev-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(grant.grantId(), "100.00")).exchange()
                .expectStatus().isCreated().expectBody(DisbursementView.class).returnResult().getResponseBody();

        anonymous.post().uri("/api/v1/disbursements/" + posted.id() + "/reversal")
                .header(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-state-inl"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"not mine\"}").exchange()
                .expectStatus().isForbidden();
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> topics.eventsAbout(grant.grantId()).size() == 1);
    }

    @Test
    void twoAgenciesMayUseTheSameIdempotencyKeyIndependently() {
        GrantRef usaid = grants.award("sec-key-a", "1000.00");
        GrantRef state = new GrantRef(TestGrants.uniqueId("sec-key-b"), usaid.allocationId(), usaid.fiscalYear(),
                usaid.country(), usaid.pillar(), "STATE-INL");
        TestGrants.publisher().publish(new org.alliancetracker.events.grant.GrantAwarded(state, "Other agency",
                new java.math.BigDecimal("1000.00"), TestGrants.START, TestGrants.END, TestGrants.START), "/grants-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/api/v1/grants/" + state.grantId() + "/balance")
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());

        DisbursementView a = http.post().uri("/api/v1/disbursements").header("Idempotency-Key", "INV-2016-001")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(usaid.grantId(), "10.00")).exchange()
                .expectStatus().isCreated().expectBody(DisbursementView.class).returnResult().getResponseBody();
        DisbursementView b = anonymous.post().uri("/api/v1/disbursements").header("Idempotency-Key", "INV-2016-001")
                .header(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-state-inl"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(state.grantId(), "20.00")).exchange()
                .expectStatus().isCreated().expectBody(DisbursementView.class).returnResult().getResponseBody();

        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(grants.balance(usaid.grantId()).disbursed()).isEqualByComparingTo("10.00");
        assertThat(grants.balance(state.grantId()).disbursed()).isEqualByComparingTo("20.00");
    }

    @Test
    void readsNeedAToken() {
        GrantRef grant = grants.award("sec-read", "1000.00");
        anonymous.get().uri("/api/v1/grants/" + grant.grantId() + "/balance").exchange().expectStatus().isUnauthorized();
    }

    private static String body(String grantId, String amount) {
        return "{\"grantId\":\"" + grantId + "\",\"amount\":" + amount + ",\"currency\":\"USD\","
                + "\"valueDate\":\"2016-06-30\",\"reference\":\"SEC\"}";
    }

    private static String line(String grantId, String key) {
        return "{\"idempotencyKey\":\"" + key + "\",\"grantId\":\"" + grantId + "\",\"amount\":1.00,"
                + "\"currency\":\"USD\",\"valueDate\":\"2016-06-30\",\"reference\":\"" + key + "\"}";
    }
}
