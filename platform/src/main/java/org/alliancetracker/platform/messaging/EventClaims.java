package org.alliancetracker.platform.messaging;

import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;

import reactor.core.publisher.Mono;

/**
 * Recognises an event published twice (an outbox relay retry puts the same CloudEvent id at a later offset).
 * {@link #claim} records the first position an event id was seen at: the first sighting and any redelivery of that
 * same record may apply it (their updates are guarded by {@link SourcePosition}); a copy at another position may not.
 */
public class EventClaims {

    public static final String COLLECTION = "event_claims";

    private final ReactiveMongoTemplate mongo;

    public EventClaims(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Emits {@code true} when the event at this position should be applied, {@code false} for a duplicate copy. */
    public Mono<Boolean> claim(String eventId, SourcePosition position) {
        Document claim = new Document("_id", eventId)
                .append("topic", position.topic())
                .append("partition", position.partition())
                .append("offset", position.offset());
        return mongo.getCollection(COLLECTION)
                .flatMap(collection -> Mono.from(collection.insertOne(claim)))
                .thenReturn(true)
                .onErrorResume(EventClaims::isDuplicateKey, e -> mongo.getCollection(COLLECTION)
                        .flatMap(collection -> Mono.from(collection.find(Filters.eq("_id", eventId)).first()))
                        .map(existing -> position.topic().equals(existing.getString("topic"))
                                && position.partition() == existing.getInteger("partition")
                                && position.offset() == ((Number) existing.get("offset")).longValue())
                        .defaultIfEmpty(true));
    }

    /** Forgets every claim (before a full replay rebuilds the state that depended on them). */
    public Mono<Void> forgetAll() {
        return mongo.dropCollection(COLLECTION);
    }

    public static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException write && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                || e instanceof com.mongodb.MongoBulkWriteException bulk && bulk.getWriteErrors().stream()
                .allMatch(err -> ErrorCategory.fromErrorCode(err.getCode()) == ErrorCategory.DUPLICATE_KEY)
                || e instanceof org.springframework.dao.DuplicateKeyException;
    }
}
