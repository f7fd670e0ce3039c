package org.alliancetracker.disbursement.disbursement;

import java.time.Duration;
import java.util.List;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.outbox.OutboxEntry;
import org.alliancetracker.platform.outbox.OutboxRelay;
import org.alliancetracker.platform.store.StoredRecords;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The {@code DisbursementRecorded} events of one batch chunk's accepted lines, in <b>one</b> outbox document of
 * {@code disbursement_chunk_events} (id: the chunk's id) rather than one outbox entry in each disbursement document:
 * the store writes one document and the relay clears one document per chunk, not one of each per line.
 *
 * <p>The chunk inserts its disbursement documents first, each naming this document in {@code recordedIn}, then this
 * document with the events of exactly the lines it accepted. A re-run of the chunk (after a crash) finds its own
 * documents and writes the same set of events; if this document is there already, the earlier run's stands (a
 * duplicate insert changes nothing), so each accepted line has one event id.
 *
 * <p><b>Order per disbursement.</b> Its later events (a reversal) are appended to the disbursement's own document,
 * which another relay lane may publish first. So a reversal of a batch line waits until this document is here with
 * an empty outbox ({@link #awaitPublished}): the line's {@code DisbursementRecorded} was acknowledged by Kafka. An
 * absent document means the chunk is still being applied. The emptied documents stay (one small document per chunk)
 * as that proof.
 */
@Component
public class ChunkEvents {

    public static final String COLLECTION = "disbursement_chunk_events";
    /** How long a reversal waits for its disbursement's chunk to be published before it is refused (retryable). */
    static final Duration PUBLISH_WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ReactiveMongoTemplate mongo;
    private final OutboxRelay relay;

    ChunkEvents(ReactiveMongoTemplate mongo, OutboxRelay relay) {
        this.mongo = mongo;
        this.relay = relay;
    }

    /** The document: its id, and its pending events (empty once all were published). */
    public record StoredChunkEvents(@BsonId String id, List<Document> outbox) {

        public boolean published() {
            return outbox == null || outbox.isEmpty();
        }
    }

    /** Writes the chunk's events (unless an earlier run of the chunk did) and has them relayed. */
    Mono<Void> record(String chunkId, List<? extends CloudEvent<?>> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        Document document = StoredRecords.toDocument(new StoredChunkEvents(chunkId,
                events.stream().map(relay::entry).toList()));
        return mongo.getCollection(COLLECTION)
                .flatMap(c -> Mono.from(c.insertOne(document)))
                .then()
                .onErrorResume(EventClaims::isDuplicateKey, e -> Mono.empty()) // written by an earlier run
                .doOnSuccess(done -> relay.kick(COLLECTION, chunkId));
    }

    /** Whether the chunk's events are all on Kafka (false while its document is not written yet). */
    Mono<Boolean> published(String chunkId) {
        return mongo.getMongoDatabase()
                .flatMap(db -> Mono.from(db.getCollection(COLLECTION, StoredChunkEvents.class)
                        .find(Filters.eq("_id", chunkId))
                        .projection(Projections.include(OutboxEntry.FIELD))
                        .first()))
                .map(StoredChunkEvents::published)
                .defaultIfEmpty(false);
    }

    /**
     * Completes once the chunk's events are on Kafka, asking the relay for them meanwhile; after
     * {@link #PUBLISH_WAIT} a 409 {@code recording-in-progress} (retry later).
     */
    Mono<Void> awaitPublished(String disbursementId, String chunkId) {
        return published(chunkId)
                .flatMap(done -> {
                    if (done) {
                        return Mono.<Void>empty();
                    }
                    relay.kick(COLLECTION, chunkId);
                    return Mono.<Void>error(new NotYetPublished());
                })
                .retryWhen(Retry.fixedDelay(PUBLISH_WAIT.toMillis() / POLL.toMillis(), POLL)
                        .filter(NotYetPublished.class::isInstance))
                .onErrorMap(Exceptions::isRetryExhausted, e -> Refusals.recordingInProgress(disbursementId));
    }

    private static final class NotYetPublished extends RuntimeException {
        NotYetPublished() {
            super(null, null, false, false);
        }
    }
}
