package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single posts and two batch jobs on the same grants at the same time, asking for more than the grants' obligations:
 * nothing is ever disbursed beyond an obligation, and what is disbursed is exactly what was accepted (by 201s and
 * by accepted batch lines), each with one event.
 */
@DisbursementServiceTest
class BatchJobConcurrencyIT extends InfrastructureProperties {

    static final JsonMapper JSON = EventCodec.contractMapper();
    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
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
    void singlePostsAndTwoBatchesOnTheSameGrantsNeverPassAnObligation() {
        TestGrants grants = new TestGrants(http);
        List<GrantRef> grantRefs = List.of(grants.award("CONC", "3000.00"), grants.award("CONC", "3000.00"),
                grants.award("CONC", "3000.00"));
        String k = TestGrants.uniqueId("conc");
        // each batch: 900 lines of 7.00 (2,100.00 per grant); singles: 60 posts of 13.00 per grant (780.00)
        List<String> uploads = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            StringBuilder upload = new StringBuilder();
            for (int i = 0; i < 900; i++) {
                upload.append(BatchJobIT.line(k + "-b" + b + "-" + i, grantRefs.get(i % 3).grantId(), "7.00"))
                        .append('\n');
            }
            uploads.add(upload.toString());
        }
        WebClient client = Requests.parallelClient(port, 16);
        Map<String, AtomicInteger> singlesAccepted = new ConcurrentHashMap<>();
        grantRefs.forEach(g -> singlesAccepted.put(g.grantId(), new AtomicInteger()));

        List<String> locations = new ArrayList<>();
        Flux<String> batches = Flux.range(0, 2).flatMap(b -> client.post().uri(BatchJobIT.PATH)
                .header("Idempotency-Key", k + "-batch-" + b).contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(uploads.get(b)).exchangeToMono(response -> {
                    assertThat(response.statusCode().value()).isEqualTo(202);
                    return response.bodyToMono(Void.class)
                            .thenReturn(response.headers().asHttpHeaders().getLocation().toString());
                }));
        Flux<Integer> singles = Flux.range(0, 180).flatMap(i -> {
            String grantId = grantRefs.get(i % 3).grantId();
            return client.post().uri("/api/v1/disbursements").header("Idempotency-Key", k + "-s-" + i)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Requests.body(grantId, "13.00", "2016-06-30", "S-" + i))
                    .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                            .map(body -> {
                                if (response.statusCode().value() == 201) {
                                    singlesAccepted.get(grantId).incrementAndGet();
                                }
                                return response.statusCode().value();
                            }));
        }, 16);
        Flux.merge(batches.doOnNext(locations::add).then().flux().cast(Integer.class), singles)
                .blockLast(Duration.ofMinutes(5));

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> locations.stream()
                .allMatch(l -> "COMPLETED".equals(JSON.readTree(get(l)).get("state").asString())));

        long batchAccepted = 0;
        for (String location : locations) {
            for (JsonNode result : results(location)) {
                String line = result.get("line").asString();
                int status = result.get("status").asInt();
                assertThat(status).as("line " + line).isIn(201, 409);
                if (status == 201) {
                    batchAccepted++;
                }
            }
        }
        long accepted = batchAccepted;
        for (GrantRef g : grantRefs) {
            var balance = grants.balance(g.grantId());
            assertThat(balance.disbursed()).isLessThanOrEqualTo(new BigDecimal("3000.00"));
            assertThat(balance.remaining()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            accepted += singlesAccepted.get(g.grantId()).get();
        }
        // every line and post is 7.00 or 13.00: the ledgers hold exactly the accepted amounts
        BigDecimal disbursed = grantRefs.stream().map(g -> grants.balance(g.grantId()).disbursed())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        long singles13 = singlesAccepted.values().stream().mapToLong(AtomicInteger::get).sum();
        assertThat(disbursed).isEqualByComparingTo(new BigDecimal(batchAccepted).multiply(new BigDecimal("7.00"))
                .add(new BigDecimal(singles13).multiply(new BigDecimal("13.00"))));
        // demand (3 × 4,980.00) exceeds the obligations: at least some of both kinds were refused
        assertThat(batchAccepted).isLessThan(1_800);
        long expectedEvents = accepted;
        await().atMost(Duration.ofSeconds(60)).until(() -> grantRefs.stream()
                .mapToLong(g -> topics.eventsAbout(g.grantId()).stream().map(e -> e.id()).distinct().count())
                .sum() >= expectedEvents);
        assertThat(grantRefs.stream().mapToLong(g -> topics.eventsAbout(g.grantId()).stream().map(e -> e.id())
                .distinct().count()).sum()).isEqualTo(expectedEvents);
    }

    private String get(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
    }

    private List<JsonNode> results(String location) {
        String body = http.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build()
                .get().uri(location + "/results").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return body.lines().map(JSON::readTree).toList();
    }
}
