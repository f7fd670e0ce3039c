package org.alliancetracker.reporting.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.platform.messaging.StoredClaim;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one write path of the views, live and in a rebuild: applies the events of one poll into one generation of the
 * views ({@link Generation}) with a handful of writes instead of several per event, so that redelivery, replay and
 * rebalancing never double count:
 * <ol>
 * <li>claims: one unordered {@code insertMany} of the facts (one per event that moves money, {@code _id} = CloudEvent
 *     id, with its topic, partition and offset) and one of {@code event_claims} for the other events; an id already
 *     claimed at another position is a copy published twice and is left out (at the same position: a
 *     redelivery);</li>
 * <li>each view document the events change is read once ({@code applied} offsets only), the events it has not yet
 *     applied are merged into ONE update ({@link UpdateMerger}) that also moves its offset guards to the last offset
 *     per partition, conditional on the guards still holding the values read (compare-and-set; a concurrent writer
 *     of the same partition, e.g. during a rebalance, makes it read and merge again);</li>
 * <li>country views last, so a view marked changed already has everything it is assembled from.</li>
 * </ol>
 * A crash anywhere leaves each document either with or without the whole group of a partition's events, and its
 * guard tells which: the redelivered poll applies exactly what is missing. A document whose changes cannot all be
 * merged into one update (a path named by two operators) gets several, each a run of consecutive changes, written the
 * same way one after the other ({@link #runs}).
 *
 * <p>A country view that changed is marked ({@link StoredCountryView#MARK_CHANGED} in the same update), so the
 * {@link CountryViewListener} re-publishes it; the mark survives a crash, so a publish that never happened is found and
 * made later.
 */
@Component
public class Projector {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int CAS_ATTEMPTS = 20;

    private final ViewStore store;

    public Projector(ViewStore store) {
        this.store = store;
    }

    /**
     * One decoded event of a poll, with its changes already computed.
     *
     * @param traceparent the record's W3C trace context header, or null
     */
    public record Applicable(CloudEvent<AllianceEvent> event, SourcePosition position, List<ViewChange> changes,
                             String traceparent) {

        public Applicable(CloudEvent<AllianceEvent> event, SourcePosition position, List<ViewChange> changes) {
            this(event, position, changes, null);
        }
    }

    /**
     * Writes the events into one generation of the views; blocks until every document is written.
     *
     * @return the country views changed (the caller announces them if the generation is the one read)
     */
    public Set<String> apply(Generation generation, List<Applicable> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        List<Applicable> applicable = claim(generation, events);
        return write(generation, applicable);
    }

    /**
     * The events to apply: first sightings and redeliveries of a claimed position, not copies at other positions.
     * An event that moves money is claimed by its fact (inserted under the event id with its position: one insert
     * instead of two); any other by a document in {@code event_claims}.
     */
    private List<Applicable> claim(Generation generation, List<Applicable> events) {
        List<Document> facts = new ArrayList<>();
        List<Integer> factOf = new ArrayList<>();
        List<Document> claims = new ArrayList<>();
        List<Integer> claimOf = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Applicable a = events.get(i);
            Document fact = fact(a.changes());
            if (fact != null) {
                facts.add(fact);
                factOf.add(i);
            } else {
                claims.add(StoredClaim.of(a.event().id(), a.position()).toDocument());
                claimOf.add(i);
            }
        }
        Set<Integer> rejected = new HashSet<>();
        Map<String, StoredClaim> existing = new HashMap<>();
        collectRejected(generation.name(Views.FACTS), facts, factOf, events, rejected, existing);
        collectRejected(generation.name(EventClaims.COLLECTION), claims, claimOf, events, rejected, existing);
        if (rejected.isEmpty()) {
            return events;
        }
        List<Applicable> applicable = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Applicable a = events.get(i);
            if (!rejected.contains(i) || samePosition(existing.get(a.event().id()), a.position())) {
                applicable.add(a);
            }
        }
        return applicable;
    }

    /** Inserts the claims; for those already there, reads who claimed them first. */
    private void collectRejected(String collection, List<Document> documents, List<Integer> eventIndexes,
                                 List<Applicable> events, Set<Integer> rejected, Map<String, StoredClaim> existing) {
        Set<Integer> duplicates = insertIgnoringDuplicates(collection, documents);
        if (duplicates.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int d : duplicates) {
            int index = eventIndexes.get(d);
            rejected.add(index);
            ids.add(events.get(index).event().id());
        }
        Flux.from(store.collection(collection).find(Filters.in("_id", ids))
                        .projection(Projections.include(StoredClaim.TOPIC, StoredClaim.PARTITION, StoredClaim.OFFSET)))
                .map(StoredClaim::from)
                .doOnNext(claim -> existing.put(claim.eventId(), claim))
                .then().block(TIMEOUT);
    }

    private static Document fact(List<ViewChange> changes) {
        for (ViewChange change : changes) {
            if (change instanceof ViewChange.Insert insert && Views.FACTS.equals(insert.collection())) {
                return insert.document();
            }
        }
        return null;
    }

    /** Whether the first claim (or fact) of the event, if any, is this very record (a redelivery may apply). */
    private static boolean samePosition(StoredClaim claim, SourcePosition position) {
        return claim == null || claim.at(position);
    }

    /** Inserts all it can; returns the indexes refused as duplicates (any other error is thrown). */
    private Set<Integer> insertIgnoringDuplicates(String collection, List<Document> documents) {
        Set<Integer> duplicates = new HashSet<>();
        if (documents.isEmpty()) {
            return duplicates;
        }
        Mono.from(store.collection(collection).insertMany(documents, new InsertManyOptions().ordered(false)))
                .onErrorResume(MongoBulkWriteException.class, e -> {
                    for (BulkWriteError error : e.getWriteErrors()) {
                        if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                            return Mono.error(e);
                        }
                        duplicates.add(error.getIndex());
                    }
                    return Mono.empty();
                })
                .block(TIMEOUT);
        return duplicates;
    }

    /** Writes every view document the events change once (country views last); returns the countries changed. */
    private Set<String> write(Generation generation, List<Applicable> events) {
        Map<String, Map<Object, List<Change>>> updates = new LinkedHashMap<>();
        for (Applicable a : events) {
            Date at = a.event().time() == null ? new Date() : Date.from(a.event().time());
            for (ViewChange change : a.changes()) {
                // facts (inserts) were written as the events' claims
                if (change instanceof ViewChange.Update update) {
                    updates.computeIfAbsent(update.collection(), c -> new LinkedHashMap<>())
                            .computeIfAbsent(update.documentId(), id -> new ArrayList<>())
                            .add(new Change(a.position(), update, at, a.traceparent()));
                }
            }
        }
        List<Mono<Void>> first = new ArrayList<>();
        updates.forEach((collection, byDocument) -> {
            if (!Views.COUNTRIES.equals(collection)) {
                byDocument.forEach((id, changes) -> first.add(write(generation, collection, id, changes)));
            }
        });
        Flux.merge(first).then().block(TIMEOUT);
        Map<Object, List<Change>> countryChanges = updates.getOrDefault(Views.COUNTRIES, Map.of());
        Flux.fromIterable(countryChanges.entrySet())
                .concatMap(e -> write(generation, Views.COUNTRIES, e.getKey(), e.getValue()))
                .then().block(TIMEOUT);
        Set<String> countries = new LinkedHashSet<>();
        countryChanges.keySet().forEach(id -> countries.add((String) id));
        return countries;
    }

    /**
     * Writes one document's changes of the poll: as one update where they merge into one (nearly always), otherwise as
     * several, each a run of consecutive changes that do ({@link #runs}).
     */
    private Mono<Void> write(Generation generation, String collection, Object id, List<Change> changes) {
        return Flux.fromIterable(runs(changes))
                .concatMap(run -> writeRun(generation, collection, id, run))
                .then();
    }

    /**
     * The changes cut into runs of consecutive changes whose updates merge into one (MongoDB refuses one update
     * naming a path twice, e.g. a {@code $set} after an {@code $unset} of the same field): in file order, so that
     * applying the runs one after the other has the effect of applying every change on its own.
     */
    static List<List<Change>> runs(List<Change> changes) {
        List<List<Change>> runs = new ArrayList<>();
        List<Change> run = new ArrayList<>();
        UpdateMerger merger = new UpdateMerger();
        for (Change change : changes) {
            if (!run.isEmpty() && !merger.tryAdd(change.update().update())) {
                runs.add(run);
                run = new ArrayList<>();
                merger = new UpdateMerger();
            }
            if (run.isEmpty()) {
                merger.add(change.update().update());
            }
            run.add(change);
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /**
     * Reads the document's guards, merges the run's changes it has not applied, and writes them by one update that
     * also moves the guards, conditional on the guards still holding the values read (else it reads again).
     */
    private Mono<Void> writeRun(Generation generation, String collection, Object id, List<Change> changes) {
        Set<String> fields = new LinkedHashSet<>();
        changes.forEach(c -> fields.add(c.position().field()));
        String stored = generation.name(collection);
        return Mono.defer(() -> Mono.from(store.collection(stored).find(Filters.eq("_id", id))
                                .projection(Projections.include(List.copyOf(fields))).first())
                        .map(doc -> guards(doc, fields))
                        .defaultIfEmpty(Map.of())
                        .flatMap(applied -> {
                            Bson update = merge(changes, applied, Views.COUNTRIES.equals(collection));
                            if (update == null) {
                                return Mono.empty(); // everything applied already
                            }
                            List<Bson> filter = new ArrayList<>();
                            filter.add(Filters.eq("_id", id));
                            for (String field : fields) {
                                Long value = applied.get(field);
                                filter.add(value == null ? Filters.exists(field, false) : Filters.eq(field, value));
                            }
                            return Mono.from(store.collection(stored).updateOne(Filters.and(filter),
                                    update, new UpdateOptions().upsert(true))).then();
                        }))
                // the guards moved (or the document appeared) between the read and the write: read again
                .retryWhen(reactor.util.retry.Retry.max(CAS_ATTEMPTS).filter(EventClaims::isDuplicateKey));
    }

    private static Map<String, Long> guards(Document doc, Set<String> fields) {
        Map<String, Long> applied = new HashMap<>();
        for (String field : fields) {
            Object value = doc.getEmbedded(List.of(field.split("\\.", 2)), Object.class);
            if (value instanceof Number n) {
                applied.put(field, n.longValue());
            }
        }
        return applied;
    }

    /**
     * The update of a run: its changes not yet applied per the guards, merged, with the guards moved to the last offset
     * applied, the latest event time and, for a country view, the changed mark and the trace of its last change; null
     * when the document applied them all. A run of one change whose own update does not merge (a path named twice in
     * it) is that update as it is, with the same additions.
     */
    static Bson merge(List<Change> changes, Map<String, Long> applied, boolean country) {
        UpdateMerger merger = new UpdateMerger();
        List<Bson> pending = new ArrayList<>();
        Map<String, Long> last = new LinkedHashMap<>();
        Date latest = null;
        String trace = null;
        for (Change change : changes) {
            SourcePosition position = change.position();
            Long done = applied.get(position.field());
            if (done != null && position.offset() <= done) {
                continue;
            }
            if (change.update().update() != null) {
                merger.add(change.update().update());
                pending.add(change.update().update());
            }
            trace = change.traceparent() != null ? change.traceparent() : trace;
            last.merge(position.field(), position.offset(), Math::max);
            latest = latest == null || change.at().after(latest) ? change.at() : latest;
        }
        if (last.isEmpty()) {
            return null;
        }
        List<Bson> additions = new ArrayList<>();
        last.forEach((field, offset) -> additions.add(Updates.set(field, offset)));
        additions.add(Updates.max("lastEventAt", latest));
        if (country) {
            additions.add(StoredCountryView.MARK_CHANGED);
            if (trace != null) {
                // kept with the view, so whichever instance publishes it (the sweep of another one, too) continues it
                additions.add(Updates.set(StoredCountryView.PUBLISH_TRACE, trace));
            }
        }
        if (!merger.mergeable()) {
            if (pending.size() != 1) {
                throw new IllegalArgumentException("Not one run: " + pending.size() + " updates that do not merge");
            }
            List<Bson> parts = new ArrayList<>(pending);
            parts.addAll(additions);
            return Updates.combine(parts);
        }
        additions.forEach(merger::add);
        return merger.update();
    }

    /** One event's update of one document; {@code traceparent}: the trace its country view's publish continues. */
    record Change(SourcePosition position, ViewChange.Update update, Date at, String traceparent) {

        Change(SourcePosition position, ViewChange.Update update, Date at) {
            this(position, update, at, null);
        }
    }
}
