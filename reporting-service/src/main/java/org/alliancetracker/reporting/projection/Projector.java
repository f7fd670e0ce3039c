package org.alliancetracker.reporting.projection;

import java.time.Duration;
import java.util.Date;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies events to the views exactly once in effect. A copy of an event published twice is recognised by its
 * CloudEvent id ({@link EventClaims}); each view document applies a record only if its last applied offset for that
 * topic-partition is lower ({@link SourcePosition}), so redelivery, replay and rebalancing never double count.
 */
@Component
public class Projector {

    private final ReactiveMongoTemplate mongo;
    private final EventClaims claims;
    private final Projection projection;

    public Projector(ReactiveMongoTemplate mongo, EventClaims claims, Projection projection) {
        this.mongo = mongo;
        this.claims = claims;
        this.projection = projection;
    }

    /** Blocks the calling (listener) thread until every view document is written. */
    public void apply(CloudEvent<AllianceEvent> event, SourcePosition position) {
        claims.claim(event.id(), position)
                .flatMap(first -> first ? write(event, position) : Mono.empty())
                .block(Duration.ofSeconds(30));
    }

    private Mono<Void> write(CloudEvent<AllianceEvent> event, SourcePosition position) {
        Date at = event.time() == null ? new Date() : Date.from(event.time());
        return Flux.fromIterable(projection.changesFor(event.data()))
                .concatMap(change -> mongo.getCollection(change.collection())
                        .flatMap(c -> Mono.from(c.updateOne(
                                Filters.and(Filters.eq("_id", change.documentId()), position.notYetApplied()),
                                Updates.combine(change.update(), position.markApplied(), Updates.max("lastEventAt", at)),
                                new UpdateOptions().upsert(true))))
                        .onErrorResume(EventClaims::isDuplicateKey, alreadyApplied -> Mono.empty()))
                .then();
    }
}
