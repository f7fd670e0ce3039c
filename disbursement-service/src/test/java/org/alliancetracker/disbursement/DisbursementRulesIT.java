package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.disbursement.disbursement.DisbursementView;
import org.alliancetracker.disbursement.ledger.BalanceView;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every rule of a disbursement answers with its own problem and leaves no document, reservation or event behind. */
@DisbursementServiceTest
class DisbursementRulesIT extends InfrastructureProperties {

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;
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
    void anUnknownGrantIsNotFound() {
        post("rules-unknown", body("NO-SUCH-GRANT-4711", "10.00"))
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-found")
                .jsonPath("$.id").isEqualTo("NO-SUCH-GRANT-4711");
        assertNoDocument("rules-unknown");
    }

    @Test
    void aSuspendedGrantTakesNoDisbursementUntilResumed() {
        GrantRef grant = grants.award("RULE-SUSP", "1000.00");
        grants.suspend(grant);
        BalanceView before = grants.balance(grant.grantId());
        String key = TestGrants.uniqueId("susp");

        post(key, body(grant.grantId(), "10.00"))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/grant-not-active")
                .jsonPath("$.status").isEqualTo(409);
        assertNothingChanged(grant, before, key);

        grants.resume(grant);
        post(key, body(grant.grantId(), "10.00")).expectStatus().isCreated(); // the refused key is free again
        assertOnlyEventIsOf(grant, 1);
    }

    @Test
    void noDisbursementIsDatedAfterTheGrantsAccountClosed() {
        GrantRef ref = grants.awardClosingOn("RULE-CANC", "1000.00", LocalDate.parse("2024-12-31"),
                LocalDate.parse("2022-09-30"));
        BalanceView before = grants.balance(ref.grantId());
        String key = TestGrants.uniqueId("cancelled");

        post(key, body(ref.grantId(), "10.00", "2022-10-01", "INV-C"))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/account-closed")
                .jsonPath("$.closesOn").isEqualTo("2022-09-30");
        assertNothingChanged(ref, before, key);
        // the last day before closing still takes a payment (posted late, paid in time)
        post(TestGrants.uniqueId("in-time"), body(ref.grantId(), "10.00", "2022-09-30", "INV-T"))
                .expectStatus().isCreated();
    }

    @Test
    void aClosedGrantTakesNoDisbursement() {
        GrantRef grant = grants.award("RULE-CLOSED", "1000.00");
        grants.close(grant);
        BalanceView before = grants.balance(grant.grantId());
        String key = TestGrants.uniqueId("closed");

        post(key, body(grant.grantId(), "10.00"))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/grant-not-active")
                .jsonPath("$.grantStatus").isEqualTo("CLOSED");
        assertNothingChanged(grant, before, key);
    }

    @Test
    void aValueDateOutsideTheGrantPeriodIsRefused() {
        GrantRef grant = grants.award("RULE-DATE", "1000.00");
        BalanceView before = grants.balance(grant.grantId());

        for (String date : List.of("2016-02-29", "2019-03-01")) {
            String key = TestGrants.uniqueId("date");
            post(key, body(grant.grantId(), "10.00", date, "INV-D"))
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.type").isEqualTo("/problems/value-date-outside-grant-period")
                    .jsonPath("$.startDate").isEqualTo("2016-03-01")
                    .jsonPath("$.endDate").isEqualTo("2019-02-28");
            assertNothingChanged(grant, before, key);
        }
        // the first and last day of the period are inside it
        post(TestGrants.uniqueId("first-day"), body(grant.grantId(), "1.00", "2016-03-01", "INV-F"))
                .expectStatus().isCreated();
        post(TestGrants.uniqueId("last-day"), body(grant.grantId(), "1.00", "2019-02-28", "INV-L"))
                .expectStatus().isCreated();
        assertOnlyEventIsOf(grant, 2);
    }

    @Test
    void anAmountThatIsNotPositiveOrHasMoreThanTwoDecimalsIsRefused() {
        GrantRef grant = grants.award("RULE-AMOUNT", "1000.00");
        BalanceView before = grants.balance(grant.grantId());

        for (String amount : List.of("0", "0.00", "-5.00", "1.234", "0.001", "1.230")) {
            String key = TestGrants.uniqueId("amount");
            post(key, body(grant.grantId(), amount))
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-request")
                    .jsonPath("$.errors[0].field").isEqualTo("amount");
            assertNothingChanged(grant, before, key);
        }
        post(TestGrants.uniqueId("amount-ok"), body(grant.grantId(), "1.2")).expectStatus().isCreated()
                .expectBody(String.class).value(answer -> assertThat(answer).contains("\"amount\":1.20"));
        assertOnlyEventIsOf(grant, 1);
    }

    @Test
    void aCurrencyOtherThanUsdIsRefused() {
        GrantRef grant = grants.award("RULE-CCY", "1000.00");
        BalanceView before = grants.balance(grant.grantId());
        String key = TestGrants.uniqueId("ccy");

        post(key, "{\"grantId\":\"" + grant.grantId() + "\",\"amount\":10.00,\"currency\":\"EUR\","
                + "\"valueDate\":\"2016-06-30\"}")
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-request")
                .jsonPath("$.errors[0].field").isEqualTo("currency");
        assertNothingChanged(grant, before, key);
    }

    @Test
    void moreThanTheRemainingObligationIsRefusedWithTheRemainingAmount() {
        GrantRef grant = grants.award("RULE-OBLIG", "100.00");
        post(TestGrants.uniqueId("first"), body(grant.grantId(), "60.00")).expectStatus().isCreated();
        BalanceView before = grants.balance(grant.grantId());
        String key = TestGrants.uniqueId("too-much");

        post(key, body(grant.grantId(), "40.01"))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/insufficient-obligation")
                .jsonPath("$.remaining").isEqualTo(40.00);
        assertNothingChanged(grant, before, key);

        post(TestGrants.uniqueId("exact"), body(grant.grantId(), "40.00")).expectStatus().isCreated()
                .expectBody().jsonPath("$.remainingObligation").isEqualTo(0.00);
        assertThat(grants.balance(grant.grantId()).remaining()).isEqualByComparingTo("0.00");
        assertOnlyEventIsOf(grant, 2);
    }

    @Test
    void aRequestWithoutIdempotencyKeyIsABadRequest() {
        GrantRef grant = grants.award("RULE-NOKEY", "100.00");
        BalanceView before = grants.balance(grant.grantId());

        http.post().uri("/api/v1/disbursements").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(grant.grantId(), "10.00")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/idempotency-key-missing")
                .jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        assertThat(grants.balance(grant.grantId())).isEqualTo(before);
        assertThat(ledgerPending(grant.grantId())).isEmpty();
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefusedAndTheFirstStands() {
        GrantRef grant = grants.award("RULE-REUSE", "100.00");
        String key = TestGrants.uniqueId("reuse");
        DisbursementView first = post(key, body(grant.grantId(), "10.00")).expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody();
        BalanceView before = grants.balance(grant.grantId());

        post(key, body(grant.grantId(), "11.00"))
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/idempotency-key-reused")
                .jsonPath("$.disbursementId").isEqualTo(first.id());
        assertThat(grants.balance(grant.grantId())).isEqualTo(before);
        assertOnlyEventIsOf(grant, 1);
    }

    private WebTestClient.ResponseSpec post(String key, String body) {
        return http.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private void assertNothingChanged(GrantRef grant, BalanceView before, String key) {
        assertThat(grants.balance(grant.grantId())).isEqualTo(before);
        assertNoDocument(key);
        assertThat(ledgerPending(grant.grantId())).isEmpty();
    }

    private void assertNoDocument(String key) {
        assertThat(mongo.getCollection("disbursements")
                .flatMap(c -> Mono.from(c.find(Filters.eq("idempotencyKey", key)).first())).blockOptional())
                .isEmpty();
    }

    private List<Document> ledgerPending(String grantId) {
        return mongo.getCollection("grant_ledger")
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", grantId)).first()))
                .map(doc -> doc.getList("pending", Document.class, List.of()))
                .block();
    }

    /**
     * The grant's events are exactly the accepted disbursements: after the last of them is on the topic, nothing
     * else about the grant is (a refused request published nothing).
     */
    private void assertOnlyEventIsOf(GrantRef grant, int accepted) {
        List<String> ids = Flux.from(mongo.getCollection("disbursements").flatMapMany(c -> c.find(
                        Filters.and(Filters.eq("grantId", grant.grantId()), Filters.eq("state", "ACCEPTED")))))
                .map(doc -> doc.getString("_id")).collectList().block();
        assertThat(ids).hasSize(accepted);
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout(grant.grantId()).size() >= accepted);
        assertThat(topics.eventsAbout(grant.grantId()))
                .extracting(e -> ((DisbursementRecorded) e.data()).disbursementId())
                .containsExactlyInAnyOrderElementsOf(ids);
    }
}
