package org.alliancetracker.disbursement.disbursement;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.alliancetracker.events.GrantRef;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.outbox.OutboxRelay;
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
 * ids at once, and inserts many accepted disbursements (each with its {@code DisbursementRecorded} event in its own
 * outbox) with one unordered {@code insertMany}, then hands them to the outbox relay, which publishes them in batches.
 * A duplicate id is not an error: the caller decides what the document already there means.
 */
@Component
public class AcceptedDisbursements {

    private final ReactiveMongoTemplate mongo;
    private final Disbursements disbursements;
    private final OutboxRelay relay;

    public AcceptedDisbursements(ReactiveMongoTemplate mongo, Disbursements disbursements, OutboxRelay relay) {
        this.mongo = mongo;
        this.disbursements = disbursements;
        this.relay = relay;
    }

    /** One accepted disbursement to insert. */
    public record Accepted(String id, String key, DisbursementRequest request, GrantRef grant, long remainingCents,
                           String reservation, String origin) {
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
                a.request(), a.grant(), a.remainingCents(), a.reservation(), a.origin())).toList();
        return disbursements.disbursements()
                .flatMap(c -> Mono.from(c.insertMany(documents, new InsertManyOptions().ordered(false))))
                .thenReturn(Set.<String>of())
                .onErrorResume(EventClaims::isDuplicateKey, e -> {
                    Set<String> duplicates = new HashSet<>();
                    ((MongoBulkWriteException) e).getWriteErrors()
                            .forEach(error -> duplicates.add(accepted.get(error.getIndex()).id()));
                    return Mono.just(duplicates);
                })
                .doOnNext(duplicates -> accepted.stream().filter(a -> !duplicates.contains(a.id()))
                        .forEach(a -> relay.kick(Disbursements.COLLECTION, a.id())));
    }
}
