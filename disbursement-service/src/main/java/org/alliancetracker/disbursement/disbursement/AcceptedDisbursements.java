package org.alliancetracker.disbursement.disbursement;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.alliancetracker.events.GrantRef;
import org.alliancetracker.platform.messaging.EventClaims;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The set-based write of batch chunks to the {@code disbursements} collection: reads what already exists under many
 * ids at once, inserts many accepted disbursements with one unordered {@code insertMany}, and then writes the
 * {@code DisbursementRecorded} events of those that are the chunk's own in one document of {@link ChunkEvents}, which
 * the outbox relay publishes. A duplicate id is not an error: the caller decides what the document already there
 * means, and so which lines' events to {@link #recordEvents record}.
 */
@Component
public class AcceptedDisbursements {

    private final ReactiveMongoTemplate mongo;
    private final Disbursements disbursements;
    private final ChunkEvents events;

    public AcceptedDisbursements(ReactiveMongoTemplate mongo, Disbursements disbursements, ChunkEvents events) {
        this.mongo = mongo;
        this.disbursements = disbursements;
        this.events = events;
    }

    /**
     * One accepted disbursement to insert.
     *
     * @param eventsIn the chunk's {@link ChunkEvents} document, which will hold its event
     */
    public record Accepted(String id, String key, DisbursementRequest request, GrantRef grant, long remainingCents,
                           String reservation, String origin, String eventsIn) {
    }

    /** The documents that exist under these ids. */
    public Mono<Map<String, KnownDisbursement>> find(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        return mongo.getMongoDatabase()
                .flatMapMany(db -> Flux.from(db.getCollection(Disbursements.COLLECTION, KnownDisbursement.class)
                        .find(Filters.in("_id", ids))
                        .projection(Projections.include(KnownDisbursement.FIELDS))))
                .collectMap(KnownDisbursement::id, Function.identity());
    }

    /** Inserts them all; emits the ids that already existed (not inserted). */
    public Mono<Set<String>> insert(List<Accepted> accepted) {
        if (accepted.isEmpty()) {
            return Mono.just(Set.of());
        }
        List<Document> documents = accepted.stream().map(a -> disbursements.acceptedDocument(a.id(), a.key(),
                a.request(), a.grant(), a.remainingCents(), a.reservation(), a.origin(), a.eventsIn())).toList();
        return disbursements.disbursements()
                .flatMap(c -> Mono.from(c.insertMany(documents, new InsertManyOptions().ordered(false))))
                .thenReturn(Set.<String>of())
                .onErrorResume(EventClaims::isDuplicateKey, e -> {
                    Set<String> duplicates = new HashSet<>();
                    ((MongoBulkWriteException) e).getWriteErrors()
                            .forEach(error -> duplicates.add(accepted.get(error.getIndex()).id()));
                    return Mono.just(duplicates);
                });
    }

    /**
     * Writes the {@code DisbursementRecorded} events of these disbursements (the chunk's own documents, inserted now
     * or by an earlier run of the chunk) into the chunk's document {@code chunkId}, and has them relayed.
     */
    public Mono<Void> recordEvents(String chunkId, List<Accepted> own) {
        return events.record(chunkId, own.stream()
                .map(a -> disbursements.recorded(a.id(), a.request(), a.grant())).toList());
    }
}
