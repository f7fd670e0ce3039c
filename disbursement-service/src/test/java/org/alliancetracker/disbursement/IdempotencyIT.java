package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.alliancetracker.events.CloudEvent;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A request retried with its Idempotency-Key, one after the other or all at once, counts once and answers alike. */
@DisbursementServiceTest
class IdempotencyIT extends InfrastructureProperties {

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;
    @LocalServerPort
    int port;
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
    void retriesOneAfterTheOtherGetTheSameAnswerAndPublishOneEvent() {
        GrantRef grant = grants.award("IDEM-SEQ", "1000.00");
        String key = TestGrants.uniqueId("seq");
        List<String> answers = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> http.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(body(grant.grantId(), "250.00")).exchange()
                        .expectStatus().isCreated()
                        .expectBody(String.class).returnResult().getResponseBody())
                .toList();

        assertThat(answers).containsOnly(answers.getFirst());
        assertThat(answers.getFirst()).contains("\"remainingObligation\":750.00");
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("250.00");
        assertOneEventPerDisbursement(grant, 1);
    }

    @Test
    void identicalRequestsAtTheSameTimeAllGetTheStoredAnswerAndCountOnce() {
        GrantRef grant = grants.award("IDEM-PAR", "1000.00");
        String key = TestGrants.uniqueId("par");
        WebClient client = Requests.parallelClient(port, 50);

        List<Answer> answers = Flux.range(0, 50)
                .flatMap(i -> post(client, key, body(grant.grantId(), "100.00")), 50)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(answers).hasSize(50).allSatisfy(a -> assertThat(a.status()).isEqualTo(201));
        assertThat(answers.stream().map(Answer::body).distinct()).hasSize(1);
        assertThat(answers.getFirst().body()).contains("\"remainingObligation\":900.00");
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
        assertOneEventPerDisbursement(grant, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger(grant).getList("pending", Document.class, List.of())
                .isEmpty());
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
    }

    @Test
    void aKeyRaceBetweenTwoBodiesHasOneWinnerAndTheOthersAreTold() {
        GrantRef grant = grants.award("IDEM-RACE", "1000.00");
        String key = TestGrants.uniqueId("race");
        WebClient client = Requests.parallelClient(port, 40);

        List<Answer> answers = Flux.range(0, 40)
                .flatMap(i -> post(client, key, body(grant.grantId(), i % 2 == 0 ? "10.00" : "20.00")), 40)
                .collectList().block(Duration.ofSeconds(60));

        Map<Integer, List<Answer>> byStatus = answers.stream().collect(Collectors.groupingBy(Answer::status));
        assertThat(byStatus.keySet()).containsExactlyInAnyOrder(201, 422);
        assertThat(byStatus.get(201)).hasSize(20);
        assertThat(byStatus.get(201).stream().map(Answer::body).distinct()).hasSize(1);
        assertThat(byStatus.get(422)).allSatisfy(a -> assertThat(a.body()).contains("/problems/idempotency-key-reused"));
        String winner = byStatus.get(201).getFirst().body().contains("\"amount\":10.00") ? "10.00" : "20.00";
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo(winner);
        assertOneEventPerDisbursement(grant, 1);
    }

    private Mono<Answer> post(WebClient client, String key, String body) {
        return client.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .map(text -> new Answer(response.statusCode().value(), text)));
    }

    private Document ledger(GrantRef grant) {
        return mongo.getCollection("grant_ledger")
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", grant.grantId())).first())).block();
    }

    /** Waits for the accepted disbursements' events; each disbursement was published under one CloudEvent id. */
    private void assertOneEventPerDisbursement(GrantRef grant, int disbursements) {
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout(grant.grantId()).size() >= disbursements);
        Map<String, List<CloudEvent<?>>> byDisbursement = topics.eventsAbout(grant.grantId()).stream()
                .collect(Collectors.groupingBy(e -> ((DisbursementRecorded) e.data()).disbursementId()));
        assertThat(byDisbursement).hasSize(disbursements);
        byDisbursement.values().forEach(copies ->
                assertThat(copies.stream().map(CloudEvent::id).distinct()).hasSize(1));
    }

    record Answer(int status, String body) {
    }
}
