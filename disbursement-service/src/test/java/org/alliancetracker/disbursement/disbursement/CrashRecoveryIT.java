package org.alliancetracker.disbursement.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.alliancetracker.disbursement.DisbursementServiceTest;
import org.alliancetracker.disbursement.InfrastructureProperties;
import org.alliancetracker.disbursement.TestGrants;
import org.alliancetracker.disbursement.ledger.BalanceView;
import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;

/**
 * Work interrupted between the steps of the write path or of a reversal is finished by the sweeper or by the agency's
 * retry, and never counted twice. A crash is simulated by writing the state it would leave directly into MongoDB,
 * dated an hour back so that the sweeper (every 250 ms in tests) takes it at once.
 */
@DisbursementServiceTest
class CrashRecoveryIT extends InfrastructureProperties {

    static TopicRecorder topics;
    static final Date AN_HOUR_AGO = new Date(System.currentTimeMillis() - 3_600_000);

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
    void aReservedButUnacceptedDisbursementIsRolledForwardAndItsRetryGetsThatAnswer() {
        GrantRef grant = grants.award("CRASH-FWD", "1000.00");
        String key = TestGrants.uniqueId("fwd");
        DisbursementRequest request = request(grant, "100.00");
        String id = IdempotencyKeys.disbursementId(TestGrants.AGENCY, key);
        String incarnation = insertPending(key, request, AN_HOUR_AGO);
        reserve(grant, id, incarnation, "r-" + UUID.randomUUID(), 10000, AN_HOUR_AGO); // crash after step 2

        await().atMost(Duration.ofSeconds(20)).until(() -> "ACCEPTED".equals(doc(id).getString("state")));
        await().atMost(Duration.ofSeconds(20)).until(() -> pending(grant).isEmpty());
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded(grant).size() == 1);
        assertThat(((DisbursementRecorded) recorded(grant).getFirst().data()).disbursementId()).isEqualTo(id);

        post(key, request).expectStatus().isCreated()
                .expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.remainingObligation").isEqualTo(900.00);
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
        assertThat(recorded(grant)).hasSize(1);
    }

    @Test
    void aReservationWhoseDocumentIsGoneIsRolledBack() {
        GrantRef grant = grants.award("CRASH-BACK", "1000.00");
        String id = IdempotencyKeys.disbursementId(TestGrants.AGENCY, TestGrants.uniqueId("back"));
        reserve(grant, id, UUID.randomUUID().toString(), "r-" + UUID.randomUUID(), 25000, AN_HOUR_AGO);
        assertThat(grants.balance(grant.grantId()).remaining()).isEqualByComparingTo("750.00");

        await().atMost(Duration.ofSeconds(20)).until(() -> pending(grant).isEmpty());
        BalanceView balance = grants.balance(grant.grantId());
        assertThat(balance.remaining()).isEqualByComparingTo("1000.00");
        assertThat(balance.disbursed()).isEqualByComparingTo("0.00");
        assertThat(docOrNull(id)).isNull();
    }

    @Test
    void aReservationOfAnEarlierIncarnationIsRolledBackWhileTheCurrentOneStands() {
        GrantRef grant = grants.award("CRASH-INC", "1000.00");
        String key = TestGrants.uniqueId("inc");
        String id = post(key, request(grant, "100.00")).expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody().id();
        // a late attempt of a deleted earlier incarnation of the document reserved after all
        reserve(grant, id, UUID.randomUUID().toString(), "r-" + UUID.randomUUID(), 10000, AN_HOUR_AGO);
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("200.00");

        await().atMost(Duration.ofSeconds(20)).until(() -> pending(grant).isEmpty());
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
        assertThat(doc(id).getString("state")).isEqualTo("ACCEPTED");
    }

    @Test
    void aSurplusReservationOfTheAcceptedIncarnationIsRolledBack() {
        GrantRef grant = grants.award("CRASH-SURPLUS", "1000.00");
        String id = post(TestGrants.uniqueId("surplus"), request(grant, "100.00")).expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody().id();
        Document accepted = doc(id);
        // a retry read the document PENDING, and reserved after the first reservation was released
        reserve(grant, id, accepted.getString("incarnation"), "r-" + UUID.randomUUID(), 10000, AN_HOUR_AGO);

        await().atMost(Duration.ofSeconds(20)).until(() -> pending(grant).isEmpty());
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
    }

    @Test
    void theConsumedReservationOfAnAcceptedDisbursementIsReleasedAndStaysDisbursed() {
        GrantRef grant = grants.award("CRASH-REL", "1000.00");
        String id = post(TestGrants.uniqueId("rel"), request(grant, "100.00")).expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody().id();
        await().atMost(Duration.ofSeconds(20)).until(() -> pending(grant).isEmpty());
        Document accepted = doc(id);
        // crash after step 3: the entry of the consumed reservation is still listed (its money is counted once)
        updateLedger(grant, Updates.push("pending", entry(id, accepted.getString("incarnation"),
                accepted.getString("reservation"), 10000, AN_HOUR_AGO)));

        await().atMost(Duration.ofSeconds(20)).until(() -> pending(grant).isEmpty());
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
    }

    @Test
    void aPendingDocumentThatNeverReservedIsDeletedAndItsKeyIsJudgedAfresh() {
        GrantRef grant = grants.award("CRASH-ORPHAN", "1000.00");
        String key = TestGrants.uniqueId("orphan");
        DisbursementRequest request = request(grant, "100.00");
        String id = IdempotencyKeys.disbursementId(TestGrants.AGENCY, key);
        insertPending(key, request, AN_HOUR_AGO); // crash after step 1

        await().atMost(Duration.ofSeconds(20)).until(() -> docOrNull(id) == null);
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");
        post(key, request).expectStatus().isCreated();
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
    }

    @Test
    void aRetryResumesAnAttemptThatStoppedBeforeReserving() {
        GrantRef grant = grants.award("CRASH-RESUME1", "1000.00");
        String key = TestGrants.uniqueId("resume1");
        DisbursementRequest request = request(grant, "100.00");
        String id = IdempotencyKeys.disbursementId(TestGrants.AGENCY, key);
        String incarnation = insertPending(key, request, new Date(System.currentTimeMillis() - 4_000));

        post(key, request).expectStatus().isCreated().expectBody().jsonPath("$.remainingObligation").isEqualTo(900.00);
        assertThat(doc(id).getString("incarnation")).isEqualTo(incarnation); // resumed, not started again
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded(grant).size() == 1);
    }

    @Test
    void aRetryRollsForwardAnAttemptThatStoppedAfterReservingAndReservesNothingMore() {
        GrantRef grant = grants.award("CRASH-RESUME2", "1000.00");
        String key = TestGrants.uniqueId("resume2");
        DisbursementRequest request = request(grant, "100.00");
        String id = IdempotencyKeys.disbursementId(TestGrants.AGENCY, key);
        String incarnation = insertPending(key, request, new Date(System.currentTimeMillis() - 4_000));
        String reservation = "r-" + UUID.randomUUID();
        reserve(grant, id, incarnation, reservation, 10000, new Date());

        post(key, request).expectStatus().isCreated().expectBody().jsonPath("$.remainingObligation").isEqualTo(900.00);
        assertThat(doc(id).getString("reservation")).isEqualTo(reservation);
        await().atMost(Duration.ofSeconds(20)).until(() -> pending(grant).isEmpty());
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded(grant).size() == 1);
    }

    @Test
    void aReversalInterruptedBeforeTheGiveBackIsCompletedOnce() {
        GrantRef grant = grants.award("CRASH-REV1", "1000.00");
        String id = post(TestGrants.uniqueId("rev1"), request(grant, "100.00")).expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody().id();
        markReversing(id); // crash after step 1

        await().atMost(Duration.ofSeconds(20)).until(() -> "REVERSED".equals(doc(id).getString("state")));
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");
        assertThat(grants.balance(grant.grantId()).remaining()).isEqualByComparingTo("1000.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> reversed(grant).size() == 1);
        var reversed = (DisbursementReversed) reversed(grant).getFirst().data();
        assertThat(reversed.disbursementId()).isEqualTo(id);
        assertThat(reversed.amount()).isEqualByComparingTo("100.00");
        assertThat(reversed.reason()).isEqualTo("posted twice");
    }

    @Test
    void aReversalInterruptedAfterTheGiveBackIsCompletedWithoutGivingBackAgain() {
        GrantRef grant = grants.award("CRASH-REV2", "1000.00");
        post(TestGrants.uniqueId("other"), request(grant, "50.00")).expectStatus().isCreated();
        String id = post(TestGrants.uniqueId("rev2"), request(grant, "100.00")).expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody().id();
        markReversing(id);
        updateLedger(grant, Updates.combine(Updates.inc("remainingCents", 10000L), // crash after step 2
                Updates.inc("disbursedCents", -10000L), Updates.push("reversed", id)));

        await().atMost(Duration.ofSeconds(20)).until(() -> "REVERSED".equals(doc(id).getString("state")));
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("50.00");
        assertThat(doc(id).get("reversal", Document.class).getLong("remainingObligationCents")).isEqualTo(95000L);
        await().atMost(Duration.ofSeconds(20)).until(() -> reversed(grant).size() == 1);
    }

    private DisbursementRequest request(GrantRef grant, String amount) {
        return new DisbursementRequest(grant.grantId(), new BigDecimal(amount), "USD", LocalDate.parse("2016-06-30"),
                "INV-" + amount, null);
    }

    private WebTestClient.ResponseSpec post(String key, DisbursementRequest request) {
        return http.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(request.grantId(), request.amount().toPlainString(), request.valueDate().toString(),
                        request.reference()))
                .exchange();
    }

    /** Step 1 as the write path does it; emits the incarnation. */
    private String insertPending(String key, DisbursementRequest request, Date createdAt) {
        String incarnation = UUID.randomUUID().toString();
        Document doc = new Document("_id", IdempotencyKeys.disbursementId(TestGrants.AGENCY, key))
                .append("idempotencyKey", key)
                .append("fingerprint", IdempotencyKeys.fingerprint(request))
                .append("incarnation", incarnation)
                .append("state", "PENDING")
                .append("grantId", request.grantId())
                .append("amountCents", request.amount().movePointRight(2).longValueExact())
                .append("currency", request.currency())
                .append("valueDate", request.valueDate().toString())
                .append("reference", request.reference())
                .append("description", request.description())
                .append("createdAt", createdAt);
        mongo.getCollection(Disbursements.COLLECTION).flatMap(c -> Mono.from(c.insertOne(doc))).block();
        return incarnation;
    }

    /** Step 2 as the write path does it. */
    private void reserve(GrantRef grant, String id, String incarnation, String reservation, long cents, Date at) {
        updateLedger(grant, Updates.combine(Updates.inc("remainingCents", -cents), Updates.inc("disbursedCents", cents),
                Updates.push("pending", entry(id, incarnation, reservation, cents, at))));
    }

    private static Document entry(String id, String incarnation, String reservation, long cents, Date at) {
        return new Document("disbursementId", id).append("incarnation", incarnation).append("id", reservation)
                .append("cents", cents).append("at", at);
    }

    /** Step 1 of a reversal. */
    private void markReversing(String id) {
        mongo.getCollection(Disbursements.COLLECTION).flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", id),
                Updates.combine(Updates.set("state", "REVERSING"), Updates.set("reversal",
                        new Document("reason", "posted twice").append("requestedAt", AN_HOUR_AGO)
                                .append("reversedOn", "2017-01-15")))))).block();
    }

    private void updateLedger(GrantRef grant, Bson update) {
        mongo.getCollection("grant_ledger")
                .flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", grant.grantId()), update))).block();
    }

    private List<Document> pending(GrantRef grant) {
        return mongo.getCollection("grant_ledger")
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", grant.grantId())).first()))
                .map(doc -> doc.getList("pending", Document.class, List.of())).block();
    }

    private Document docOrNull(String id) {
        return mongo.getCollection(Disbursements.COLLECTION)
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).first())).block();
    }

    private Document doc(String id) {
        Document doc = docOrNull(id);
        assertThat(doc).as("disbursement document " + id).isNotNull();
        return doc;
    }

    private List<CloudEvent<AllianceEvent>> recorded(GrantRef grant) {
        return topics.events(e -> grant.grantId().equals(e.subject()) && e.data() instanceof DisbursementRecorded);
    }

    private List<CloudEvent<AllianceEvent>> reversed(GrantRef grant) {
        return topics.events(e -> grant.grantId().equals(e.subject()) && e.data() instanceof DisbursementReversed);
    }
}
