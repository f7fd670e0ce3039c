package org.alliancetracker.reporting.projection;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes one event's changes with one update per document, each conditional on the document not having applied the
 * event's topic-partition offset yet ({@link SourcePosition}), and the fact inserted once under the event's id, so
 * redelivery, replay and rebalancing never double count. {@link BatchProjector} applies whole polls (and decides which
 * events are copies published twice); it falls back to these single-event writes when a poll's updates of a document
 * cannot be merged into one.
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

    /** The country views among the changes. */
    static Set<String> countries(List<ViewChange> changes) {
        Set<String> countries = new LinkedHashSet<>();
        changes.stream().filter(c -> c instanceof ViewChange.Update u && Views.COUNTRIES.equals(u.collection()))
                .forEach(c -> countries.add((String) ((ViewChange.Update) c).documentId()));
        return countries;
    }

    /**
     * Writes the documents other than country views concurrently (they are independent), then the country views:
     * when a country view is marked changed, everything it is assembled from is already written.
     */
    Mono<Void> write(List<ViewChange> changes, CloudEvent<AllianceEvent> event, SourcePosition position) {
        Date at = event.time() == null ? new Date() : Date.from(event.time());
        List<ViewChange> first = changes.stream().filter(c -> !Views.COUNTRIES.equals(c.collection())).toList();
        List<ViewChange> last = changes.stream().filter(c -> Views.COUNTRIES.equals(c.collection())).toList();
        return Flux.fromIterable(first).flatMap(change -> write(change, position, at))
                .thenMany(Flux.fromIterable(last).concatMap(change -> write(change, position, at)))
                .then();
    }

    Mono<Void> write(ViewChange change, SourcePosition position, Date at) {
        return switch (change) {
            case ViewChange.Insert insert -> Mono.from(store.collection(insert.collection())
                            .insertOne(insert.document()))
                    .then()
                    .onErrorResume(EventClaims::isDuplicateKey, alreadyWritten -> Mono.empty());
            case ViewChange.Update update -> Mono.from(store.collection(update.collection()).updateOne(
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
