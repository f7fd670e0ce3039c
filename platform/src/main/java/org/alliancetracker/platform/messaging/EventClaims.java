package org.alliancetracker.platform.messaging;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;

/**
 * Recognises an event published twice (an outbox relay retry puts the same CloudEvent id at a later offset).
 * {@link #claim} records the first position an event id was seen at: the first sighting and any redelivery of that
 * same record may apply it (their updates are guarded by {@link SourcePosition}); a copy at another position may not.
 *
 * <p>One exception: a copy re-driven from the dead-letter topic ({@link SourcePosition#redrivenFrom()}) takes over
 * the claim its original made before failing, once (a conditional update moves the claim to the copy's position), so
 * re-driving an event that had been claimed applies it; re-driving it again is a duplicate like any other.
 */
public class EventClaims {

    public static final String COLLECTION = "event_claims";

    private final ReactiveMongoTemplate mongo;

    public EventClaims(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Emits {@code true} when the event at this position should be applied, {@code false} for a duplicate copy. */
    public Mono<Boolean> claim(String eventId, SourcePosition position) {
        return mongo.getCollection(COLLECTION)
                .flatMap(collection -> Mono.from(collection.insertOne(StoredClaim.of(eventId, position).toDocument())))
                .thenReturn(true)
                .onErrorResume(EventClaims::isDuplicateKey, e -> mongo.getCollection(COLLECTION)
                        .flatMap(collection -> Mono.from(collection.find(Filters.eq("_id", eventId)).first()))
                        .map(StoredClaim::from)
                        .flatMap(existing -> {
                            SourcePosition claimed = existing.position();
                            if (position.samePlace(claimed)) {
                                return Mono.just(true);
                            }
                            return position.redrivenFrom() != null && position.redrivenFrom().samePlace(claimed)
                                    ? takeOver(eventId, claimed, position) : Mono.just(false);
                        })
                        .defaultIfEmpty(true));
    }

    private Mono<Boolean> takeOver(String eventId, SourcePosition from, SourcePosition to) {
        return mongo.getCollection(COLLECTION)
                .flatMap(collection -> Mono.from(collection.updateOne(
                        Filters.and(Filters.eq("_id", eventId), Filters.eq(StoredClaim.TOPIC, from.topic()),
                                Filters.eq(StoredClaim.PARTITION, from.partition()),
                                Filters.eq(StoredClaim.OFFSET, from.offset())),
                        Updates.combine(
                                Updates.set(StoredClaim.TOPIC, to.topic()),
                                Updates.set(StoredClaim.PARTITION, to.partition()),
                                Updates.set(StoredClaim.OFFSET, to.offset())))))
                .map(result -> result.getModifiedCount() == 1);
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
