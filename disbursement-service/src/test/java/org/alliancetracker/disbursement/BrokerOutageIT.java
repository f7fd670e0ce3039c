package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.alliancetracker.disbursement.disbursement.DisbursementView;
import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.KafkaBroker;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Mono;

/**
 * No dual write: disbursements are accepted on MongoDB alone while Kafka is down, and every one of them is published
 * once the broker is back — duplicates, if any, carrying the same CloudEvent id.
 */
@DisbursementServiceTest
class BrokerOutageIT extends InfrastructureProperties {

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;

    @BeforeAll
    static void connect() {
        Assumptions.assumeTrue(SharedTestInfrastructure.get() instanceof SharedTestInfrastructure.EmbeddedInfrastructure,
                "needs the embedded broker, which the test can stop and start");
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        topics = TopicRecorder.start(bootstrap, Topics.DISBURSEMENTS);
    }

    @AfterAll
    static void disconnect() {
        if (topics != null) {
            topics.close();
        }
    }

    @Test
    void everyDisbursementAcceptedWhileTheBrokerIsDownIsPublishedOnceItIsBack() {
        TestGrants grants = new TestGrants(http);
        GrantRef grant = grants.award("OUTAGE", "100000.00");
        List<String> accepted = new ArrayList<>();
        accepted.add(post(grant, "warm-up", "1.00").id());
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded(grant).size() == 1);

        KafkaBroker broker = ((SharedTestInfrastructure.EmbeddedInfrastructure) SharedTestInfrastructure.get()).broker();
        broker.stop();
        try {
            for (int i = 0; i < 15; i++) {
                accepted.add(post(grant, "outage-" + i, (10 + i) + ".00").id());
            }
            String upload = java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> "{\"idempotencyKey\":\"" + TestGrants.uniqueId("outage-batch") + "\",\"grantId\":\""
                            + grant.grantId() + "\",\"amount\":" + (100 + i) + ".00,\"currency\":\"USD\","
                            + "\"valueDate\":\"2016-06-30\"}")
                    .collect(Collectors.joining("\n"));
            String answers = http.post().uri("/api/v1/disbursements/batch").contentType(MediaType.APPLICATION_NDJSON)
                    .bodyValue(upload.getBytes(StandardCharsets.UTF_8)).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            for (String line : answers.split("\n")) {
                assertThat(line).contains("\"status\":201");
                int start = line.indexOf("\"id\":\"") + 6;
                accepted.add(line.substring(start, line.indexOf('"', start)));
            }
            assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("1301.00");
            assertThat(recorded(grant)).hasSize(1); // nothing can have been published meanwhile
        } finally {
            broker.start();
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> recorded(grant).stream()
                .map(e -> ((DisbursementRecorded) e.data()).disbursementId()).collect(Collectors.toSet())
                .equals(Set.copyOf(accepted)));
        Map<String, Set<String>> cloudEventIdsByDisbursement = recorded(grant).stream().collect(Collectors.groupingBy(
                e -> ((DisbursementRecorded) e.data()).disbursementId(),
                Collectors.mapping(CloudEvent::id, Collectors.toSet())));
        assertThat(cloudEventIdsByDisbursement).hasSize(26)
                .allSatisfy((disbursement, ids) -> assertThat(ids).hasSize(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> mongo.getCollection("disbursements")
                .flatMap(c -> Mono.from(c.countDocuments(Filters.and(Filters.eq("grantId", grant.grantId()),
                        Filters.exists("outbox.0"))))).block() == 0);
    }

    private DisbursementView post(GrantRef grant, String prefix, String amount) {
        return http.post().uri("/api/v1/disbursements").header("Idempotency-Key", TestGrants.uniqueId(prefix))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(grant.grantId(), amount)).exchange()
                .expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody();
    }

    private List<CloudEvent<AllianceEvent>> recorded(GrantRef grant) {
        return topics.events(e -> grant.grantId().equals(e.subject()) && e.data() instanceof DisbursementRecorded);
    }
}
