package org.alliancetracker.reporting.projection;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;

/**
 * Writes one event's changes into one generation of the views ({@link Generation}) with one update per document,
 * each conditional on the document not having applied the event's topic-partition offset yet ({@link SourcePosition}),
 * and the fact inserted once under the event's id, so redelivery, replay and rebalancing never double count.
 * {@link BatchProjector} applies whole polls (and decides which events are copies published twice); it falls back to
 * these single-event writes when a poll's updates of a document cannot be merged into one.
 *
 * <p>A country view that changed is marked (a {@code version} increment and {@code dirty: true} in the same update),
 * so the {@link CountryViewListener} re-publishes it; the mark survives a crash, so a publish that never happened is
 * found and made later.
 */
@Component
public class Projector {

    /** Marks a country view as changed: combined into the same single-document update as the change. */
    /** Field of a country view: the trace context of the last change, continued by its next publish. */
    public static final String PUBLISH_TRACE = "publishTrace";
    public static final Bson MARK_CHANGED = Updates.combine(Updates.set("dirty", true), Updates.inc("version", 1L));

    private final ViewStore store;

    public Projector(ViewStore store) {
        this.store = store;
    }

    Mono<Void> write(Generation generation, ViewChange change, SourcePosition position, Date at) {
        return switch (change) {
            case ViewChange.Insert insert -> Mono.from(store.collection(generation.name(insert.collection()))
                            .insertOne(insert.document()))
                    .then()
                    .onErrorResume(EventClaims::isDuplicateKey, alreadyWritten -> Mono.empty());
            case ViewChange.Update update -> Mono.from(store.collection(generation.name(update.collection()))
                    .updateOne(
                            Filters.and(Filters.eq("_id", update.documentId()), position.notYetApplied()),
                            update(update, position, at),
                            new UpdateOptions().upsert(true)))
                    .then()
                    // the document exists and already applied this offset: the upsert's insert collides
                    .onErrorResume(EventClaims::isDuplicateKey, alreadyApplied -> Mono.empty());
        };
    }

    private static Bson update(ViewChange.Update change, SourcePosition position, Date at) {
        List<Bson> parts = new ArrayList<>(4);
        if (change.update() != null) {
            parts.add(change.update());
        }
        parts.add(position.markApplied());
        parts.add(Updates.max("lastEventAt", at));
        if (Views.COUNTRIES.equals(change.collection())) {
            parts.add(MARK_CHANGED);
        }
        return Updates.combine(parts);
    }
}
