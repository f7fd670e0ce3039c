package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Replays, one after the other and all at once, of a single post and of a whole NDJSON upload: every replay gets the
 * first answer byte for byte, the same key with another body is refused (422), and nothing more is published — the
 * topic shows one event per accepted disbursement and then only the sentinel posted after the replays.
 */
@DisbursementServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;
    TopicRecorder topic;
    TestGrants grants;
    WebClient client;

    record Answer(int status, String body) {
    }

    @BeforeAll
    void connect() {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        topic = TopicRecorder.fromNow(bootstrap, Topics.DISBURSEMENTS);
        grants = new TestGrants(http);
        client = Requests.parallelClient(port, 50);
    }

    @AfterAll
    void disconnect() {
        topic.close();
    }

    @Test
    void aPostReplayedOneAfterTheOtherAndAtOnceAnswersAlikeAndPublishesOnce() {
        GrantRef grant = grants.award("REPLAY-ONE", "1000.00");
        String key = TestGrants.uniqueId("replay");
        String body = body(grant.grantId(), "123.45", "2016-06-30", "INV-REPLAY");
        Answer first = post(key, body).block(Duration.ofSeconds(30));
        assertThat(first.status()).isEqualTo(201);

        List<Answer> sequential = IntStream.range(0, 3).mapToObj(i -> post(key, body).block(Duration.ofSeconds(30)))
                .toList();
        List<Answer> concurrent = Flux.range(0, 30).flatMap(i -> i % 3 == 2
                        ? post(key, body.replace("123.45", "543.21")) : post(key, body), 30)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(sequential).containsOnly(first);
        assertThat(concurrent.stream().filter(a -> a.status() == 201)).hasSize(20).containsOnly(first);
        assertThat(concurrent.stream().filter(a -> a.status() != 201)).hasSize(10)
                .allSatisfy(a -> assertThat(a.body()).contains("/problems/idempotency-key-reused"));
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("123.45");
        sentinelIsTheOnlyOtherEvent(grant, 1);
    }

    @Test
    void anUploadSentAgainWholeAnswersEveryLineAsBeforeAndPublishesNothingNew() {
        GrantRef grant = grants.award("REPLAY-UPLOAD", "100.00");
        String prefix = TestGrants.uniqueId("line");
        StringBuilder upload = new StringBuilder();
        for (int i = 0; i < 30; i++) { // 20 fit, 10 do not
            upload.append(line(prefix + "-" + i, grant.grantId(), "5.00")).append('\n');
        }
        upload.append(line(prefix + "-bad", grant.grantId(), "5.001")).append('\n');
        upload.append(line(prefix + "-unknown", "NO-SUCH-GRANT", "5.00")).append('\n');
        upload.append("{\"idempotencyKey\":\"").append(prefix).append("-broken\",\n");
        Answer first = upload(upload.toString()).block(Duration.ofSeconds(60));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().lines().filter(l -> l.contains("\"status\":201"))).hasSize(20);
        assertThat(first.body().lines().filter(l -> l.contains("insufficient-obligation"))).hasSize(10);

        List<Answer> sequential = IntStream.range(0, 2).mapToObj(i -> upload(upload.toString())
                .block(Duration.ofSeconds(60))).toList();
        List<Answer> concurrent = Flux.range(0, 5).flatMap(i -> upload(upload.toString()), 5)
                .collectList().block(Duration.ofSeconds(120));

        assertThat(sequential).containsOnly(first);
        assertThat(concurrent).containsOnly(first);
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("100.00");
        sentinelIsTheOnlyOtherEvent(grant, 20);
    }

    /** Makes room for one more, posts it, and checks the grant's events: {@code accepted} ones and the sentinel. */
    private void sentinelIsTheOnlyOtherEvent(GrantRef grant, int accepted) {
        await().atMost(Duration.ofSeconds(30)).until(() -> distinctEvents(grant) == accepted);
        var balance = grants.balance(grant.grantId());
        String total = balance.obligated().toPlainString();
        String more = balance.obligated().add(new java.math.BigDecimal("1.00")).toPlainString();
        grants.amend(grant, total, more);
        assertThat(post(TestGrants.uniqueId("sentinel"), body(grant.grantId(), "1.00")).block(Duration.ofSeconds(30))
                .status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> distinctEvents(grant) >= accepted + 1);
        assertThat(distinctEvents(grant)).isEqualTo(accepted + 1);
    }

    private long distinctEvents(GrantRef grant) {
        return topic.eventsAbout(grant.grantId()).stream().map(CloudEvent::id).distinct().count();
    }

    private static String line(String key, String grantId, String amount) {
        return "{\"idempotencyKey\":\"" + key + "\",\"grantId\":\"" + grantId + "\",\"amount\":" + amount
                + ",\"currency\":\"USD\",\"valueDate\":\"2016-06-30\",\"reference\":\"" + key + "\"}";
    }

    private Mono<Answer> post(String key, String body) {
        return client.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .map(text -> new Answer(response.statusCode().value(), text)));
    }

    private Mono<Answer> upload(String ndjson) {
        return client.post().uri("/api/v1/disbursements/batch").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(ndjson)
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .map(text -> new Answer(response.statusCode().value(), text)));
    }
}
