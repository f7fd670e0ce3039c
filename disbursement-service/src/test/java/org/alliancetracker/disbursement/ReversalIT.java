package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.disbursement.disbursement.ChunkEvents;
import org.alliancetracker.disbursement.disbursement.Disbursements;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A correction is a full reversal: it gives the obligation back once, is published, and cannot be repeated. */
@DisbursementServiceTest
class ReversalIT extends InfrastructureProperties {

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;
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
    void aReversalRestoresTheObligationIsPublishedAndCannotBeRepeated() {
        GrantRef grant = grants.award("REV", "1000.00");
        String key = TestGrants.uniqueId("rev");
        String original = post(key, body(grant.grantId(), "300.00")).expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        String id = extractId(original);

        reverse(id, "{\"reason\":\"posted to the wrong grant\"}")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.state").isEqualTo("REVERSED")
                .jsonPath("$.amount").isEqualTo(300.00)
                .jsonPath("$.reversal.reason").isEqualTo("posted to the wrong grant")
                .jsonPath("$.reversal.remainingObligation").isEqualTo(1000.00);
        assertThat(grants.balance(grant.grantId()).remaining()).isEqualByComparingTo("1000.00");
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");

        http.get().uri("/api/v1/disbursements/" + id).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.state").isEqualTo("REVERSED")
                .jsonPath("$.grantId").isEqualTo(grant.grantId())
                .jsonPath("$.idempotencyKey").isEqualTo(key)
                .jsonPath("$.remainingObligation").isEqualTo(700.00)
                .jsonPath("$.reversal.reversedOn").isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());

        reverse(id, "{\"reason\":\"again\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/already-reversed");
        assertThat(grants.balance(grant.grantId()).remaining()).isEqualByComparingTo("1000.00");

        // the agency's retry of the original post still gets the original answer and records nothing new
        post(key, body(grant.grantId(), "300.00")).expectStatus().isCreated()
                .expectBody(String.class).isEqualTo(original);

        await().atMost(Duration.ofSeconds(20)).until(() -> topics.eventsAbout(grant.grantId()).size() >= 2);
        List<CloudEvent<AllianceEvent>> events = topics.eventsAbout(grant.grantId());
        assertThat(events).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactly("DisbursementRecorded", "DisbursementReversed");
        var reversed = (DisbursementReversed) events.get(1).data();
        assertThat(reversed.disbursementId()).isEqualTo(id);
        assertThat(reversed.amount()).isEqualByComparingTo("300.00");
        assertThat(reversed.valueDate()).isEqualTo(LocalDate.parse("2016-06-30"));
        assertThat(reversed.reversedOn()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
        assertThat(reversed.grant().country()).isEqualTo(Country.GT);
        assertThat(reversed.grant().agency()).isEqualTo("USAID");
        assertThat(events.get(1).type()).isEqualTo("alliance.disbursement.reversed.v1");
    }

    @Test
    void reversingAnUnknownDisbursementIsNotFoundAndAReasonIsRequired() {
        reverse("d-00000000000000000000000000000000", "{\"reason\":\"x\"}").expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-found");
        GrantRef grant = grants.award("REV-REASON", "100.00");
        String id = extractId(post(TestGrants.uniqueId("reason"), body(grant.grantId(), "10.00"))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
        reverse(id, "{}").expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        reverse(id, "{\"reason\":\"x\",\"amount\":5}").expectStatus().isBadRequest();
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("10.00");
    }

    @Test
    void aDisbursementOnAClosedGrantCanStillBeReversedButTheMoneyCannotBeSpentAgain() {
        GrantRef grant = grants.award("REV-CLOSED", "1000.00");
        String id = extractId(post(TestGrants.uniqueId("closed"), body(grant.grantId(), "400.00"))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
        grants.close(grant);

        reverse(id, "{\"reason\":\"found at close-out\"}").expectStatus().isCreated();
        assertThat(grants.balance(grant.grantId()).remaining()).isEqualByComparingTo("1000.00");
        post(TestGrants.uniqueId("after"), body(grant.grantId(), "10.00")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/grant-not-active");
    }

    @Test
    void reversalsAtTheSameTimeGiveTheAmountBackOnce() {
        GrantRef grant = grants.award("REV-PAR", "1000.00");
        String id = extractId(post(TestGrants.uniqueId("par"), body(grant.grantId(), "100.00"))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
        WebClient client = Requests.parallelClient(port, 20);

        Map<Integer, Long> statuses = Flux.range(0, 20)
                .flatMap(i -> client.post().uri("/api/v1/disbursements/" + id + "/reversal")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"duplicate " + i + "\"}")
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())),
                        20)
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()))
                .block(Duration.ofSeconds(60));

        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1L, 409, 19L));
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> topics.eventsAbout(grant.grantId()).size() >= 2);
        assertThat(topics.eventsAbout(grant.grantId())).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactly("DisbursementRecorded", "DisbursementReversed");
    }

    /**
     * A batch line's {@code DisbursementRecorded} is in its chunk's outbox document, not in the disbursement's own: its
     * reversal waits until that is on Kafka (so consumers see the two in order), and while the chunk's events are not
     * written (a crash between the chunk's inserts) it is refused as retryable and changes nothing.
     */
    @Test
    void aBatchLineIsReversedOnlyAfterItsRecordedEventIsOnKafka() {
        GrantRef grant = grants.award("REV-BATCH", "1000.00");
        String key = TestGrants.uniqueId("rev-batch");
        String lines = "{\"idempotencyKey\":\"" + key + "-1\",\"grantId\":\"" + grant.grantId()
                + "\",\"amount\":250.00,\"currency\":\"USD\",\"valueDate\":\"2016-06-30\"}\n"
                + "{\"idempotencyKey\":\"" + key + "-2\",\"grantId\":\"" + grant.grantId()
                + "\",\"amount\":100.00,\"currency\":\"USD\",\"valueDate\":\"2016-06-30\"}\n";
        String location = http.post().uri("/api/v1/disbursement-batches").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(lines).exchange()
                .expectStatus().isAccepted().returnResult(String.class).getResponseHeaders().getLocation().toString();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get().uri(location).exchange()
                .expectBody(String.class).returnResult().getResponseBody().contains("\"COMPLETED\""));
        List<String> ids = http.get().uri(location + "/results").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody().lines().map(ReversalIT::extractId)
                .toList();
        assertThat(ids).hasSize(2);

        reverse(ids.get(0), "{\"reason\":\"paid twice\"}").expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(20)).until(() -> topics.eventsAbout(grant.grantId()).size() >= 3);
        List<CloudEvent<AllianceEvent>> events = topics.eventsAbout(grant.grantId());
        assertThat(events).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactly("DisbursementRecorded", "DisbursementRecorded", "DisbursementReversed");
        assertThat(((DisbursementReversed) events.get(2).data()).disbursementId()).isEqualTo(ids.get(0));

        // as if the chunk's events were not written yet: the reversal is refused (after its wait), nothing changes
        String chunkEvents = chunkOf(ids.get(1));
        assertThat(chunkOf(ids.get(0))).isEqualTo(chunkEvents); // one document for the chunk's two lines
        assertThat(mongo.getCollection(ChunkEvents.COLLECTION)
                .flatMap(c -> Mono.from(c.deleteOne(Filters.eq("_id", chunkEvents)))).block().getDeletedCount())
                .isEqualTo(1);
        reverse(ids.get(1), "{\"reason\":\"wrong grant\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/recording-in-progress")
                .jsonPath("$.disbursementId").isEqualTo(ids.get(1));
        http.get().uri("/api/v1/disbursements/" + ids.get(1)).exchange().expectBody()
                .jsonPath("$.state").isEqualTo("ACCEPTED");
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");

        // once it is there and published (emptied by the relay), the reversal goes through
        mongo.getCollection(ChunkEvents.COLLECTION).flatMap(c -> Mono.from(c.insertOne(
                new org.bson.Document("_id", chunkEvents).append("outbox", List.of())))).block();
        reverse(ids.get(1), "{\"reason\":\"wrong grant\"}").expectStatus().isCreated();
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");
    }

    /** The chunk events document a batch line's disbursement names. */
    private String chunkOf(String disbursementId) {
        return mongo.getCollection(Disbursements.COLLECTION)
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", disbursementId)).first())).block()
                .getString("recordedIn");
    }

    private WebTestClient.ResponseSpec post(String key, String body) {
        return http.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec reverse(String id, String body) {
        return http.post().uri("/api/v1/disbursements/" + id + "/reversal")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String extractId(String answer) {
        int start = answer.indexOf("\"id\":\"") + 6;
        return answer.substring(start, answer.indexOf('"', start));
    }
}
