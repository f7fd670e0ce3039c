package org.alliancetracker.disbursement.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.alliancetracker.disbursement.DisbursementServiceTest;
import org.alliancetracker.disbursement.InfrastructureProperties;
import org.alliancetracker.disbursement.TestGrants;
import org.alliancetracker.disbursement.batch.BatchChunk.LineResult;
import org.alliancetracker.disbursement.disbursement.ChunkEvents;
import org.alliancetracker.disbursement.disbursement.Disbursements;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Mono;

/**
 * A chunk run again after a crash, at the two points that matter: after everything was applied but before the
 * progress was counted (the re-run answers exactly the same and changes nothing), and after the ledger reservation
 * but before the disbursements were inserted (the re-run takes the reservation's plan from the ledger mark and
 * inserts exactly those lines, reserving nothing more). Either way each accepted line has one event on Kafka.
 */
@DisbursementServiceTest
class ChunkRerunIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;
    @Autowired
    ChunkProcessor processor;
    @Autowired
    BatchJobs jobs;
    @Autowired
    ReactiveMongoTemplate mongo;

    static TopicRecorder topics;

    @BeforeAll
    static void connect() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(), Topics.DISBURSEMENTS);
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    @Test
    void aChunkRunAgainAppliesNothingTwiceAndSkipsNothing() {
        TestGrants grants = new TestGrants(http);
        String g = grants.award("RERUN", "100.00").grantId();
        String k = TestGrants.uniqueId("rerun");
        StringBuilder upload = new StringBuilder();
        String[] amounts = {"30.00", "80.00", "50.00", "30.00", "1.00"}; // 30 ok, 80 no, 50 ok, 30 no, 1 ok
        for (int i = 0; i < amounts.length; i++) {
            upload.append("{\"idempotencyKey\":\"").append(k).append('-').append(i).append("\",\"grantId\":\"")
                    .append(g).append("\",\"amount\":").append(amounts[i])
                    .append(",\"currency\":\"USD\",\"valueDate\":\"2016-06-30\"}\n");
        }
        String location = http.post().uri(BatchJobController.PATH).header("Idempotency-Key", k)
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(upload.toString()).exchange()
                .expectStatus().isAccepted().returnResult(String.class).getResponseHeaders().getLocation().toString();
        String id = location.substring(location.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> BatchJob.COMPLETED.equals(jobs.find(id).block().state()));
        BatchJob job = jobs.find(id).block();
        BatchChunk chunk = jobs.chunk(job, 0).block();
        List<LineResult> first = chunk.results();
        assertThat(first).extracting(LineResult::status).containsExactly(201, 409, 201, 409, 201);
        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("81.00");

        // crash after the results were stored, before they were counted: the re-run answers the same
        assertThat(processor.process(job, chunk).block()).isEqualTo(first);
        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("81.00");

        // crash after the reservation, before the inserts: the documents are not there, the mark is
        List<String> ids = first.stream().filter(LineResult::accepted).map(LineResult::id).toList();
        mongo.getCollection(Disbursements.COLLECTION)
                .flatMap(c -> Mono.from(c.deleteMany(Filters.in("_id", ids)))).block();
        assertThat(processor.process(job, chunk).block()).isEqualTo(first);
        assertThat(grants.balance(g).disbursed()).isEqualByComparingTo("81.00");
        assertThat(mongo.getCollection(Disbursements.COLLECTION)
                .flatMap(c -> Mono.from(c.countDocuments(Filters.in("_id", ids)))).block()).isEqualTo(3L);

        // one DisbursementRecorded per accepted line, whatever the re-runs: the chunk's events were written once
        assertThat(mongo.getCollection(ChunkEvents.COLLECTION)
                .flatMap(c -> Mono.from(c.countDocuments(Filters.eq("_id", chunk.id())))).block()).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(20)).until(() -> topics.eventsAbout(g).size() >= 3);
        assertThat(topics.eventsAbout(g)).extracting(e -> ((DisbursementRecorded) e.data()).disbursementId())
                .containsExactlyInAnyOrderElementsOf(ids);
    }
}
