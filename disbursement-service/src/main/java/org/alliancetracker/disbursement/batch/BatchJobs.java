package org.alliancetracker.disbursement.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.alliancetracker.disbursement.batch.BatchChunk.LineResult;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The stored batches and their chunks: every read and write of {@code disbursement_batches} and
 * {@code disbursement_batch_chunks}, each one round trip.
 */
@Component
class BatchJobs {

    private final ReactiveMongoTemplate mongo;

    BatchJobs(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<BatchJob> find(String id) {
        return batches().flatMap(c -> Mono.from(c.find(Filters.eq(BatchJob.ID, id)).first()));
    }

    /** The agency's batches, newest first. */
    Flux<BatchJob> ofAgency(String agency, int limit) {
        return batches().flatMapMany(c -> c.find(Filters.eq(BatchJob.AGENCY, agency))
                .sort(Sorts.descending(BatchJob.RECEIVED_AT)).limit(limit));
    }

    /** Batches not yet completed, for the backlog gauge (only the counters). */
    Flux<BatchJob> open() {
        return batches().flatMapMany(c -> c.find(Filters.in(BatchJob.STATE, BatchJob.RECEIVED, BatchJob.PROCESSING)));
    }

    Mono<Void> insertChunks(List<BatchChunk> chunks) {
        return chunkCollection().flatMap(c -> Mono.from(c.insertMany(chunks, new InsertManyOptions().ordered(true))))
                .then();
    }

    /** Emits false when a batch with its id exists already. */
    Mono<Boolean> insert(BatchJob job) {
        return batches().flatMap(c -> Mono.from(c.insertOne(job)))
                .thenReturn(true)
                .onErrorResume(org.alliancetracker.platform.messaging.EventClaims::isDuplicateKey,
                        e -> Mono.just(false));
    }

    Mono<Void> deleteChunks(String upload, int count) {
        if (count == 0) {
            return Mono.empty();
        }
        List<String> ids = IntStream.range(0, count).mapToObj(seq -> BatchChunk.id(upload, seq)).toList();
        return chunkCollection().flatMap(c -> Mono.from(c.deleteMany(Filters.in(BatchChunk.ID, ids)))).then();
    }

    /** The upload has its batch document: its chunk 0 no longer counts as the start of an unfinished upload. */
    Mono<Void> adopt(String upload) {
        return chunkCollection().flatMap(c -> Mono.from(c.updateOne(Filters.eq(BatchChunk.ID, BatchChunk.id(upload, 0)),
                Updates.unset(BatchChunk.UPLOAD_STARTED_AT)))).then();
    }

    /** Chunks 0 (without lines) of uploads begun before {@code before} and not adopted by a batch, oldest first. */
    Flux<BatchChunk> unadoptedSince(Instant before, int limit) {
        return chunkCollection().flatMapMany(c -> c.find(Filters.lt(BatchChunk.UPLOAD_STARTED_AT, before))
                .projection(Projections.exclude(BatchChunk.LINES, BatchChunk.RESULTS))
                .sort(Sorts.ascending(BatchChunk.UPLOAD_STARTED_AT)).limit(limit));
    }

    /** Whether a batch document was written for the upload. */
    Mono<Boolean> hasBatch(String upload) {
        return batches().flatMap(c -> Mono.from(c.countDocuments(Filters.eq(BatchJob.UPLOAD, upload),
                new CountOptions().limit(1)))).map(count -> count > 0);
    }

    /** Deletes every chunk of the upload (ids {@code <upload>:…}: a range of the {@code _id} index). Emits how many. */
    Mono<Long> deleteUpload(String upload) {
        // ';' is the character after ':'
        Bson range = Filters.and(Filters.gt(BatchChunk.ID, upload + ":"), Filters.lt(BatchChunk.ID, upload + ";"));
        return chunkCollection().flatMap(c -> Mono.from(c.deleteMany(range))).map(r -> r.getDeletedCount());
    }

    Mono<BatchChunk> chunk(BatchJob job, int seq) {
        return chunkCollection().flatMap(c -> Mono.from(c.find(Filters.eq(BatchChunk.ID, job.chunkId(seq))).first()));
    }

    /** The results of a chunk (null results while it is not processed), without its lines. */
    Mono<BatchChunk> results(BatchJob job, int seq) {
        return chunkCollection().flatMap(c -> Mono.from(c.find(Filters.eq(BatchChunk.ID, job.chunkId(seq)))
                .projection(Projections.exclude(BatchChunk.LINES)).first()));
    }

    Mono<Void> saveResults(String chunkId, List<LineResult> results) {
        return chunkCollection().flatMap(c -> Mono.from(c.updateOne(Filters.eq(BatchChunk.ID, chunkId),
                Updates.combine(Updates.set(BatchChunk.RESULTS, results),
                        Updates.set(BatchChunk.PROCESSED_AT, Instant.now())))))
                .then();
    }

    /**
     * Takes a batch that is not completed and whose lease is free or expired (oldest first) for this instance.
     */
    Mono<BatchJob> claim(String owner, Duration lease) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Bson filter = Filters.and(Filters.in(BatchJob.STATE, BatchJob.RECEIVED, BatchJob.PROCESSING),
                Filters.or(Filters.eq(BatchJob.LEASE_UNTIL, null), Filters.lt(BatchJob.LEASE_UNTIL, now)));
        return batches().flatMap(c -> Mono.from(c.findOneAndUpdate(filter,
                Updates.combine(Updates.set(BatchJob.STATE, BatchJob.PROCESSING),
                        Updates.set(BatchJob.LEASE_OWNER, owner),
                        Updates.set(BatchJob.LEASE_UNTIL, now.plus(lease)),
                        Updates.min(BatchJob.STARTED_AT, now)),
                new FindOneAndUpdateOptions().sort(Sorts.ascending(BatchJob.RECEIVED_AT))
                        .returnDocument(ReturnDocument.AFTER))));
    }

    /**
     * Counts a processed chunk on its batch and extends the lease, if this instance still holds it and the chunk is
     * the next one (so a chunk is counted once). Emits whether it did.
     */
    Mono<Boolean> progress(BatchJob job, int seq, List<LineResult> results, String owner, Duration lease) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long accepted = results.stream().filter(LineResult::accepted).count();
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set(BatchJob.NEXT_CHUNK, seq + 1),
                Updates.inc(BatchJob.PROCESSED, (long) results.size()),
                Updates.inc(BatchJob.ACCEPTED, accepted),
                Updates.set(BatchJob.LEASE_UNTIL, now.plus(lease))));
        Map<String, Long> refused = new java.util.TreeMap<>();
        results.stream().filter(r -> !r.accepted()).forEach(r -> refused.merge(r.problemType(), 1L, Long::sum));
        refused.forEach((type, count) -> updates.add(Updates.inc(BatchJob.REFUSED + "." + type, count)));
        if (seq + 1 >= job.chunks()) {
            updates.add(Updates.set(BatchJob.STATE, BatchJob.COMPLETED));
            updates.add(Updates.set(BatchJob.FINISHED_AT, now));
            updates.add(Updates.set(BatchJob.LEASE_UNTIL, null));
        }
        return batches().flatMap(c -> Mono.from(c.updateOne(
                        Filters.and(Filters.eq(BatchJob.ID, job.id()), Filters.eq(BatchJob.NEXT_CHUNK, seq),
                                Filters.eq(BatchJob.LEASE_OWNER, owner)),
                        Updates.combine(updates))))
                .map(result -> result.getModifiedCount() > 0);
    }

    private Mono<MongoCollection<BatchJob>> batches() {
        return mongo.getMongoDatabase().map(db -> db.getCollection(BatchJob.COLLECTION, BatchJob.class));
    }

    private Mono<MongoCollection<BatchChunk>> chunkCollection() {
        return mongo.getMongoDatabase().map(db -> db.getCollection(BatchChunk.COLLECTION, BatchChunk.class));
    }
}
