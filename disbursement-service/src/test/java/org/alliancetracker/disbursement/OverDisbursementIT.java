package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.alliancetracker.disbursement.ledger.BalanceView;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

/** Concurrency cannot push a grant past its obligation: the reservation is one conditional update of the ledger. */
@DisbursementServiceTest
class OverDisbursementIT extends InfrastructureProperties {

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;
    @LocalServerPort
    int port;

    @BeforeAll
    static void connect() {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        topics = TopicRecorder.start(bootstrap, Topics.DISBURSEMENTS);
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    @Test
    void twoHundredParallelPostsOnAGrantWithRoomForFiftyAcceptExactlyFifty() {
        TestGrants grants = new TestGrants(http);
        GrantRef grant = grants.award("PARALLEL", "500.00");
        WebClient client = Requests.parallelClient(port, 200);

        Map<Integer, List<String>> byStatus = Flux.range(0, 200)
                .flatMap(i -> client.post().uri("/api/v1/disbursements")
                        .header("Idempotency-Key", TestGrants.uniqueId("par-" + i))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body(grant.grantId(), "10.00", "2016-06-30", "INV-" + i))
                        .exchangeToMono(response -> response.bodyToMono(String.class)
                                .map(text -> Map.entry(response.statusCode().value(), text))), 200)
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())))
                .block(Duration.ofSeconds(120));

        assertThat(byStatus.keySet()).containsExactlyInAnyOrder(201, 409);
        assertThat(byStatus.get(201)).hasSize(50);
        assertThat(byStatus.get(409)).hasSize(150)
                .allSatisfy(problem -> assertThat(problem).contains("/problems/insufficient-obligation"));

        BalanceView balance = grants.balance(grant.grantId());
        assertThat(balance.disbursed()).isEqualByComparingTo("500.00");
        assertThat(balance.remaining()).isEqualByComparingTo("0.00");
        assertThat(count(Filters.and(Filters.eq("grantId", grant.grantId()), Filters.eq("state", "ACCEPTED"))))
                .isEqualTo(50);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Filters.and(Filters.eq("grantId", grant.grantId()),
                Filters.eq("state", "PENDING"))) == 0 && pending(grant).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout(grant.grantId()).stream()
                .map(e -> ((DisbursementRecorded) e.data()).disbursementId()).distinct().count() == 50);
        assertThat(grants.balance(grant.grantId())).isEqualTo(balance);
    }

    private long count(org.bson.conversions.Bson filter) {
        return mongo.getCollection("disbursements").flatMap(c -> Mono.from(c.countDocuments(filter))).block();
    }

    private List<Document> pending(GrantRef grant) {
        return mongo.getCollection("grant_ledger")
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", grant.grantId())).first()))
                .map(doc -> doc.getList("pending", Document.class, List.of())).block();
    }
}
