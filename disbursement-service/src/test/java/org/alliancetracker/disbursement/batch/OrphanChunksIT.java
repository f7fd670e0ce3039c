package org.alliancetracker.disbursement.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.alliancetracker.disbursement.DisbursementServiceTest;
import org.alliancetracker.disbursement.InfrastructureProperties;
import org.alliancetracker.disbursement.TestGrants;
import org.alliancetracker.disbursement.batch.BatchChunk.ChunkLine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;

/**
 * The chunks of an upload that stopped before its batch document was written (the service was killed while it
 * stored the upload) are deleted by the sweep once old enough; the chunks of a recent upload, which may still be
 * arriving, and of every real batch stay, also of a batch whose adoption of its chunks a crash interrupted.
 */
@DisbursementServiceTest
class OrphanChunksIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;
    @Autowired
    OrphanChunks orphans;
    @Autowired
    BatchJobs jobs;
    @Autowired
    BatchJobProperties properties;
    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void chunksOfUploadsThatNeverBecameABatchAreDeletedOnceOldAndNothingElse() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant cutoff = now.minus(properties.orphanAge());
        // stopped three hours ago, after three chunks: no batch document will ever name it
        String stopped = UUID.randomUUID().toString();
        jobs.insertChunks(chunks(stopped, 3, cutoff.minus(Duration.ofHours(1)))).block();
        // begun a minute ago: it may still be arriving
        String arriving = UUID.randomUUID().toString();
        jobs.insertChunks(chunks(arriving, 2, now.minus(Duration.ofMinutes(1)))).block();
        // a real batch whose service was killed between writing the batch document and adopting its chunks
        String batchId = batchOfThreeLines();
        BatchJob batch = jobs.find(batchId).block();
        mongo.getCollection(BatchChunk.COLLECTION).flatMap(c -> Mono.from(c.updateOne(
                Filters.eq("_id", batch.chunkId(0)),
                Updates.set(BatchChunk.UPLOAD_STARTED_AT, cutoff.minus(Duration.ofHours(2)))))).block();

        orphans.sweep(cutoff).block(Duration.ofMinutes(1));

        assertThat(chunkCount(stopped)).isZero();
        assertThat(chunkCount(arriving)).isEqualTo(2);
        assertThat(chunkCount(batch.upload())).isEqualTo(1);
        BatchChunk adopted = jobs.results(batch, 0).block();
        assertThat(adopted.uploadStartedAt()).isNull(); // adopted: never looked at again
        assertThat(adopted.results()).hasSize(3);
        assertThat(jobs.unadoptedSince(cutoff, 1000).map(BatchChunk::upload).collectList().block())
                .doesNotContain(stopped, batch.upload());
        // what a batch answers is untouched
        http.get().uri(BatchJobController.PATH + "/" + batchId + "/results").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body.lines()).hasSize(3));
        // a second sweep finds nothing more to do
        assertThat(orphans.sweep(cutoff).block(Duration.ofMinutes(1))).isZero();
    }

    @Test
    void aBatchAdoptsItsChunksWhenItIsWritten() {
        String batchId = batchOfThreeLines();
        BatchJob batch = jobs.find(batchId).block();
        assertThat(jobs.results(batch, 0).block().uploadStartedAt()).isNull();
    }

    private String batchOfThreeLines() {
        TestGrants grants = new TestGrants(http);
        String g = grants.award("ORPHAN", "100.00").grantId();
        String k = TestGrants.uniqueId("orphan");
        StringBuilder upload = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            upload.append("{\"idempotencyKey\":\"").append(k).append('-').append(i).append("\",\"grantId\":\"")
                    .append(g).append("\",\"amount\":1.00,\"currency\":\"USD\",\"valueDate\":\"2016-06-30\"}\n");
        }
        String location = http.post().uri(BatchJobController.PATH).header("Idempotency-Key", k)
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(upload.toString()).exchange()
                .expectStatus().isAccepted().returnResult(String.class).getResponseHeaders().getLocation().toString();
        String id = location.substring(location.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> BatchJob.COMPLETED.equals(jobs.find(id).block().state()));
        return id;
    }

    private static List<BatchChunk> chunks(String upload, int count, Instant startedAt) {
        List<BatchChunk> chunks = new ArrayList<>();
        for (int seq = 0; seq < count; seq++) {
            List<ChunkLine> lines = List.of(new ChunkLine(seq + 1L, ("{\"line\":" + seq + "}")
                    .getBytes(StandardCharsets.UTF_8)));
            chunks.add(new BatchChunk(BatchChunk.id(upload, seq), seq, lines, null, null, seq == 0 ? startedAt : null));
        }
        return chunks;
    }

    private long chunkCount(String upload) {
        return mongo.getCollection(BatchChunk.COLLECTION).flatMap(c -> Mono.from(c.countDocuments(Filters.and(
                Filters.gt("_id", upload + ":"), Filters.lt("_id", upload + ";"))))).block();
    }
}
