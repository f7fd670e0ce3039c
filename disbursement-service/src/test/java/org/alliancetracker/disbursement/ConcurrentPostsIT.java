package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import com.mongodb.client.model.Filters;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 1,000 posts at once on one grant: 250 keys of 10.00 each on an obligation of 1,000.00, each key sent four times —
 * 200 keys four times with the same body, 50 keys twice with one body and twice with another. Exactly 100 keys fit.
 * While they run, the ledger is watched: it never shows more disbursed (reservations included) than obligated.
 * Afterwards exactly 100 keys are accepted, one disbursement and one event each; every answer to the same key and
 * body is the same, byte for byte; a key is never accepted for two bodies; a second body on an accepted key is 422.
 * Then all of it once more at once — same bodies, and a new body for every accepted key: the same answers, 422 for
 * the new bodies, and nothing published.
 */
@DisbursementServiceTest
class ConcurrentPostsIT extends InfrastructureProperties {

    private static final int KEYS = 250;
    private static final int CONFLICTING_KEYS = 50;
    private static final int FITTING = 100;

    @Autowired
    org.springframework.test.web.reactive.server.WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;
    @LocalServerPort
    int port;

    record Post(String key, String body) {
    }

    record Answer(Post post, int status, String body) {
    }

    @Test
    void aThousandConcurrentPostsAcceptExactlyWhatFitsAndAnswerEveryRetryAlike() {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        try (TopicRecorder topic = TopicRecorder.fromNow(bootstrap, Topics.DISBURSEMENTS)) {
            TestGrants grants = new TestGrants(http);
            GrantRef grant = grants.award("THOUSAND", "1000.00");
            String prefix = TestGrants.uniqueId("k");
            List<Post> posts = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                String key = prefix + "-" + k;
                String body = body(grant.grantId(), "10.00", "2016-06-30", "INV-" + k);
                String other = body(grant.grantId(), "10.00", "2016-06-30", "OTHER-" + k);
                boolean conflicting = k >= KEYS - CONFLICTING_KEYS;
                for (int copy = 0; copy < 4; copy++) {
                    posts.add(new Post(key, conflicting && copy % 2 == 1 ? other : body));
                }
            }
            Collections.shuffle(posts, new Random(1000));
            WebClient client = Requests.parallelClient(port, posts.size());

            AtomicLong overdrawn = new AtomicLong();
            AtomicLong samples = new AtomicLong();
            Disposable watch = Flux.interval(Duration.ofMillis(10))
                    .onBackpressureDrop()
                    .concatMap(tick -> ledger(grant), 1)
                    .subscribe(doc -> {
                        samples.incrementAndGet();
                        if (doc.getLong("disbursedCents") > doc.getLong("obligatedCents")
                                || doc.getLong("remainingCents") < 0) {
                            overdrawn.incrementAndGet();
                        }
                    });
            List<Answer> answers;
            long started = System.nanoTime();
            try {
                answers = storm(client, posts);
            } finally {
                watch.dispose();
            }
            System.out.printf("CONCURRENCY: %d posts at once answered in %d ms: %s; ledger sampled %d times, "
                            + "over the obligation %d times%n", answers.size(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), answers.stream().collect(
                            Collectors.groupingBy(a -> a.status() + (a.status() == 201 ? "" : " "
                                    + a.body().replaceAll(".*/problems/([a-z-]+).*", "$1")), java.util.TreeMap::new,
                                    Collectors.counting())), samples.get(), overdrawn.get());

            assertThat(answers).hasSize(1000);
            assertThat(samples.get()).as("ledger samples during the storm").isPositive();
            assertThat(overdrawn.get()).as("samples showing more disbursed than obligated").isZero();
            Map<String, List<Answer>> byKey = answers.stream()
                    .collect(Collectors.groupingBy(a -> a.post().key()));
            Set<String> acceptedKeys = byKey.entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(a -> a.status() == 201))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(acceptedKeys).as("keys accepted").hasSize(FITTING);
            byKey.forEach((key, all) -> {
                Map<String, List<Answer>> byBody = all.stream().collect(Collectors.groupingBy(a -> a.post().body()));
                assertThat(byBody.values().stream().filter(same -> same.stream().anyMatch(a -> a.status() == 201)))
                        .as("bodies accepted under key %s", key).hasSizeLessThanOrEqualTo(1);
                byBody.values().forEach(same -> {
                    if (same.stream().anyMatch(a -> a.status() == 201)) {
                        assertThat(same).as("answers to %s", key).extracting(Answer::status).containsOnly(201);
                        assertThat(same.stream().map(Answer::body).distinct()).as("answers to %s", key).hasSize(1);
                    }
                });
                all.stream().filter(a -> a.status() != 201).forEach(a -> assertThat(a.body())
                        .as("refusal of %s", key)
                        .containsAnyOf("/problems/insufficient-obligation", "/problems/idempotency-key-reused"));
                if (acceptedKeys.contains(key)) {
                    all.stream().filter(a -> a.status() != 201).forEach(a -> assertThat(a.body())
                            .as("the other body of accepted %s", key).contains("/problems/idempotency-key-reused"));
                }
            });
            // same key and same body, refused: refused alike (the grant is full)
            byKey.values().forEach(all -> all.stream().collect(Collectors.groupingBy(a -> a.post().body()))
                    .values().forEach(same -> {
                        if (same.stream().allMatch(a -> a.body().contains("insufficient-obligation"))) {
                            assertThat(same.stream().map(Answer::body).distinct()).hasSize(1);
                        }
                    }));

            var balance = grants.balance(grant.grantId());
            assertThat(balance.disbursed()).isEqualByComparingTo("1000.00");
            assertThat(balance.remaining()).isEqualByComparingTo("0.00");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(grant, "PENDING") == 0
                    && ledger(grant).block().getList("pending", Document.class, List.of()).isEmpty());
            assertThat(count(grant, "ACCEPTED")).isEqualTo(FITTING);
            await().atMost(Duration.ofSeconds(60)).until(() -> recorded(topic, grant).size() == FITTING);
            assertThat(recorded(topic, grant).values()).allSatisfy(copies ->
                    assertThat(copies.stream().map(CloudEvent::id).distinct()).hasSize(1));

            // everything again at once, plus a new body for every accepted key
            List<Post> again = new ArrayList<>(posts);
            acceptedKeys.forEach(key -> again.add(new Post(key, body(grant.grantId(), "20.00", "2016-06-30", "NEW"))));
            Collections.shuffle(again, new Random(2000));
            Map<Post, String> firstAnswers = answers.stream().filter(a -> a.status() == 201)
                    .collect(Collectors.toMap(Answer::post, Answer::body, (a, b) -> a));
            for (Answer answer : storm(client, again)) {
                String first = firstAnswers.get(answer.post());
                if (first != null) {
                    assertThat(answer.body()).as("replay of %s", answer.post().key()).isEqualTo(first);
                } else if (answer.post().body().contains("\"NEW\"")) {
                    assertThat(answer.status()).isEqualTo(422);
                    assertThat(answer.body()).contains("/problems/idempotency-key-reused");
                } else {
                    assertThat(answer.status()).as("replay of %s", answer.post().key()).isIn(409, 422);
                }
            }
            assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("1000.00");
            // a sentinel behind anything the replays could have published
            grants.amend(grant, "1000.00", "1010.00");
            client.post().uri("/api/v1/disbursements").header("Idempotency-Key", prefix + "-sentinel")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body(grant.grantId(), "10.00"))
                    .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> recorded(topic, grant).size() == FITTING + 1);
            assertThat(topic.eventsAbout(grant.grantId()).stream().map(CloudEvent::id).distinct())
                    .as("events about the grant: the accepted ones and the sentinel, nothing from the replays")
                    .hasSize(FITTING + 1);
        }
    }

    private List<Answer> storm(WebClient client, List<Post> posts) {
        return Flux.fromIterable(posts)
                .flatMap(post -> client.post().uri("/api/v1/disbursements").header("Idempotency-Key", post.key())
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(post.body())
                        .exchangeToMono(response -> response.bodyToMono(String.class)
                                .map(text -> new Answer(post, response.statusCode().value(), text))), posts.size())
                .collectList().block(Duration.ofMinutes(5));
    }

    private Mono<Document> ledger(GrantRef grant) {
        return mongo.getCollection("grant_ledger")
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", grant.grantId())).first()));
    }

    private long count(GrantRef grant, String state) {
        return mongo.getCollection("disbursements").flatMap(c -> Mono.from(c.countDocuments(
                Filters.and(Filters.eq("grantId", grant.grantId()), Filters.eq("state", state))))).block();
    }

    private static Map<String, List<CloudEvent<?>>> recorded(TopicRecorder topic, GrantRef grant) {
        return topic.eventsAbout(grant.grantId()).stream()
                .filter(e -> e.data() instanceof DisbursementRecorded)
                .collect(Collectors.groupingBy(e -> ((DisbursementRecorded) e.data()).disbursementId()));
    }
}
