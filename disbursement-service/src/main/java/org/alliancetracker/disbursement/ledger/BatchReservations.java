package org.alliancetracker.disbursement.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.alliancetracker.platform.store.StoredRecords;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The money side of a batch chunk: one conditional update per grant per chunk. It takes the sum of the chunk's
 * accepted lines off the remaining obligation only if the ledger is still exactly as the chunk's plan read it
 * (same remaining obligation, still active) and this chunk of this batch has not reserved on the grant yet
 * ({@link LedgerState.BatchMark}); the mark goes onto the ledger in the same update. So a chunk's reservation happens
 * at most once per grant whoever runs the chunk and however often, and single posts and other batches reserving on
 * the same grant at the same time can never take more than the obligation.
 */
@Component
public class BatchReservations {

    private final ReactiveMongoTemplate mongo;

    public BatchReservations(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The ledgers of these grants, with the mark of this batch only (absent grants are missing from the map). */
    public Mono<Map<String, LedgerState>> read(Collection<String> grantIds, String batchId) {
        Bson projection = Projections.include(LedgerState.STATUS, LedgerState.START_DATE, LedgerState.END_DATE,
                LedgerState.REMAINING, LedgerState.ALLOCATION_ID, LedgerState.FISCAL_YEAR, LedgerState.COUNTRY,
                LedgerState.PILLAR, LedgerState.AGENCY, LedgerState.CLOSES_ON, LedgerState.BATCH_MARKS + "." + batchId);
        return mongo.getMongoDatabase()
                .flatMapMany(db -> Flux.from(db.getCollection(GrantLedger.COLLECTION, LedgerState.class)
                        .find(Filters.in("_id", grantIds)).projection(projection)))
                .collectMap(LedgerState::id, Function.identity());
    }

    public Mono<LedgerState> read(String grantId, String batchId) {
        return read(List.of(grantId), batchId).flatMap(found -> Mono.justOrEmpty(found.get(grantId)));
    }

    /**
     * Reserves {@code cents} for chunk {@code mark.seq()} of the batch if the ledger still has {@code expectedRemaining}
     * and is active, and the batch's mark on it is older than this chunk. Emits whether this call reserved.
     */
    public Mono<Boolean> reserve(String grantId, String batchId, long expectedRemaining, long cents,
                                 LedgerState.BatchMark mark) {
        String field = LedgerState.BATCH_MARKS + "." + batchId;
        return mongo.getCollection(GrantLedger.COLLECTION)
                .flatMap(c -> Mono.from(c.updateOne(
                        Filters.and(Filters.eq("_id", grantId),
                                Filters.eq(LedgerState.STATUS, LedgerStatus.ACTIVE.name()),
                                Filters.eq(LedgerState.REMAINING, expectedRemaining),
                                Filters.or(Filters.exists(field, false), Filters.lt(field + ".seq", mark.seq()))),
                        Updates.combine(
                                Updates.inc(LedgerState.REMAINING, -cents),
                                Updates.inc(LedgerState.DISBURSED, cents),
                                Updates.set(field, StoredRecords.toDocument(mark))))))
                .map(result -> result.getModifiedCount() > 0);
    }

}
