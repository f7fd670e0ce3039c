package org.alliancetracker.disbursement.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.alliancetracker.platform.store.StoredRecords;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Mono;

/**
 * The money side of disbursements on a grant's ledger document: every change is one conditional single-document
 * update, so the rules hold under any concurrency without transactions.
 *
 * <ul>
 *   <li>A <b>reservation</b> takes an amount off {@code remainingCents} (onto {@code disbursedCents}) only if the grant
 *       is active, the value date is inside its period and enough remains, and records itself in the ledger's
 *       {@code pending} list as {@link Reservation}: which disbursement, which incarnation of its document, its own
 *       id and amount. At most one reservation per incarnation can be in the list.</li>
 *   <li>A reservation is later either <b>released</b> (its disbursement was accepted with it: the entry just leaves
 *       the list, the money stays disbursed) or <b>rolled back</b> (the amount goes back and the entry leaves the list
 *       in one update filtered on the entry being there, so it happens at most once).</li>
 *   <li>A <b>give-back</b> (reversal) returns a disbursed amount and adds the disbursement id to the ledger's
 *       {@code reversed} list in one update filtered on the id not being in it: at most once per disbursement, ever.
 *       The list is kept for good (a few dozen bytes per reversal; reversals are corrections, so rare), because a
 *       marker that is removed again could not stop a delayed duplicate.</li>
 * </ul>
 */
@Component
public class Reservations {

    public static final String PENDING = LedgerState.PENDING;
    public static final String REVERSED = "reversed";
    /** A reservation's id and time in the {@code pending} list (what releases, roll backs and the sweeper name). */
    public static final String PENDING_ID = PENDING + ".id";
    public static final String PENDING_AT = PENDING + ".at";
    private static final String PENDING_INCARNATION = PENDING + ".incarnation";
    private static final Logger log = LoggerFactory.getLogger(Reservations.class);
    private static final int RELEASE_BATCH = 1000;
    private static final Bson WITHOUT_LISTS = Projections.exclude(PENDING, REVERSED, "applied",
            LedgerState.BATCH_MARKS);
    /** The ledger as the write path and the sweeper read it: with the reservations in flight. */
    static final Bson WITHOUT_LISTS_BUT_PENDING = Projections.exclude(REVERSED, "applied", LedgerState.BATCH_MARKS);

    private final ReactiveMongoTemplate mongo;
    private final Queue<Release> releases = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean releasing = new AtomicBoolean();

    public Reservations(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * An entry of a ledger's {@code pending} list.
     *
     * @param disbursementId the disbursement the amount is reserved for
     * @param incarnation    the incarnation of the disbursement document the reservation was made for
     * @param id             this reservation's own id (an accepted disbursement names the one it consumed)
     * @param at             when it was made (the sweeper settles old ones)
     */
    public record Reservation(String disbursementId, String incarnation, String id, long cents, Date at) {
    }

    /**
     * Reserves the amount if every rule allows it and this incarnation holds no reservation yet.
     *
     * @return the ledger after the reservation (without its lists), or empty when the update did not match (the caller
     *         reads the ledger to tell why)
     */
    public Mono<LedgerState> reserve(String grantId, Reservation reservation, LocalDate valueDate) {
        String date = valueDate.toString(); // ISO dates compare correctly as strings
        return states().flatMap(c -> Mono.from(c.findOneAndUpdate(
                Filters.and(Filters.eq("_id", grantId),
                        Filters.eq(LedgerState.STATUS, LedgerStatus.ACTIVE.name()),
                        Filters.gte(LedgerState.REMAINING, reservation.cents()),
                        Filters.lte(LedgerState.START_DATE, date),
                        Filters.gte(LedgerState.END_DATE, date),
                        Filters.or(Filters.exists(LedgerState.CLOSES_ON, false),
                                Filters.gte(LedgerState.CLOSES_ON, date)),
                        Filters.ne(PENDING_INCARNATION, reservation.incarnation())),
                Updates.combine(
                        Updates.inc(LedgerState.REMAINING, -reservation.cents()),
                        Updates.inc(LedgerState.DISBURSED, reservation.cents()),
                        Updates.push(PENDING, StoredRecords.toDocument(reservation))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER).projection(WITHOUT_LISTS))));
    }

    /** Gives the amount back and drops the entry, if the entry is still there. Emits whether this call did it. */
    public Mono<Boolean> rollBack(String grantId, Reservation reservation) {
        return ledger().flatMap(c -> Mono.from(c.updateOne(
                        Filters.and(Filters.eq("_id", grantId), Filters.eq(PENDING_ID, reservation.id())),
                        Updates.combine(
                                Updates.inc(LedgerState.REMAINING, reservation.cents()),
                                Updates.inc(LedgerState.DISBURSED, -reservation.cents()),
                                Updates.pull(PENDING, Filters.eq("id", reservation.id()))))))
                .map(result -> result.getModifiedCount() > 0);
    }

    /** Drops the entry of a reservation its disbursement was accepted with (the money stays disbursed). */
    public Mono<Void> release(String grantId, String reservationId) {
        return ledger().flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", grantId),
                Updates.pull(PENDING, Filters.eq("id", reservationId))))).then();
    }

    /**
     * {@link #release} without waiting: entries are dropped in batches, one bulk write for many reservations, which
     * saves a round trip per disbursement under load. An entry lost to a crash is dropped by the sweeper.
     */
    public void releaseLater(String grantId, String reservationId) {
        releases.add(new Release(grantId, reservationId));
        drain();
    }

    private void drain() {
        if (!releasing.compareAndSet(false, true)) {
            return; // the running write drains again when done
        }
        List<Release> batch = new ArrayList<>();
        for (Release next; batch.size() < RELEASE_BATCH && (next = releases.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            releasing.set(false);
            if (!releases.isEmpty()) {
                drain();
            }
            return;
        }
        Map<String, List<String>> byGrant = new LinkedHashMap<>();
        batch.forEach(r -> byGrant.computeIfAbsent(r.grantId(), g -> new ArrayList<>()).add(r.reservationId()));
        List<WriteModel<Document>> writes = new ArrayList<>(byGrant.size());
        byGrant.forEach((grantId, ids) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", grantId),
                Updates.pull(PENDING, Filters.in("id", ids)))));
        ledger().flatMap(c -> Mono.from(c.bulkWrite(writes, new BulkWriteOptions().ordered(false))))
                .subscribe(done -> { },
                        e -> {
                            log.debug("Releasing {} reservation(s) failed, left to the sweeper: {}", batch.size(),
                                    e.getMessage());
                            drained();
                        },
                        this::drained);
    }

    private void drained() {
        releasing.set(false);
        if (!releases.isEmpty()) {
            drain();
        }
    }

    /**
     * Returns a disbursed amount to the remaining obligation, at most once per disbursement.
     *
     * @return the ledger after this or an earlier give-back of the disbursement (without its lists)
     */
    public Mono<LedgerState> giveBack(String grantId, String disbursementId, long cents) {
        return states().flatMap(c -> Mono.from(c.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", grantId), Filters.ne(REVERSED, disbursementId)),
                        Updates.combine(
                                Updates.inc(LedgerState.REMAINING, cents),
                                Updates.inc(LedgerState.DISBURSED, -cents),
                                Updates.push(REVERSED, disbursementId)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER).projection(WITHOUT_LISTS))))
                .switchIfEmpty(Mono.defer(() -> states().flatMap(c -> Mono.from(
                        c.find(Filters.eq("_id", grantId)).projection(WITHOUT_LISTS).first()))));
    }

    private Mono<MongoCollection<Document>> ledger() {
        return mongo.getCollection(GrantLedger.COLLECTION);
    }

    private Mono<MongoCollection<LedgerState>> states() {
        return mongo.getMongoDatabase().map(db -> db.getCollection(GrantLedger.COLLECTION, LedgerState.class));
    }

    private record Release(String grantId, String reservationId) {
    }
}
