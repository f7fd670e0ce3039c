package org.alliancetracker.disbursement.disbursement;

import static org.alliancetracker.disbursement.disbursement.DisbursementState.ACCEPTED;
import static org.alliancetracker.disbursement.disbursement.DisbursementState.PENDING;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.alliancetracker.disbursement.disbursement.StoredDisbursement.StoredGrantRef;
import org.alliancetracker.disbursement.ledger.GrantLedger;
import org.alliancetracker.disbursement.ledger.LedgerState;
import org.alliancetracker.disbursement.ledger.Reservations;
import org.alliancetracker.disbursement.ledger.Reservations.Reservation;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.outbox.OutboxRelay;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.platform.web.ApiProblem;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Mono;

/**
 * Records disbursements without ever over-disbursing a grant, answers every retry of a request identically, and
 * leaves nothing half done after a crash — without multi-document transactions.
 *
 * <h2>Write path</h2>
 * Each step is one atomic single-document update, and a retry (or the {@link DisbursementSweeper}) can take over
 * after any of them:
 * <ol>
 *   <li>The disbursement document is inserted {@code PENDING} under {@code d-<sha256(scope, Idempotency-Key)>}, with a
 *       fingerprint of the body and a fresh random <b>incarnation</b>. The unique {@code _id} makes every other
 *       request with the key find this document instead.</li>
 *   <li>The amount is <b>reserved</b> on the grant's ledger document, conditional on every rule (grant active, value
 *       date in its period, enough remaining) and on this incarnation holding no reservation yet; the entry
 *       {@code {disbursementId, incarnation, id, cents, at}} goes into the ledger's {@code pending} list
 *       ({@link Reservations}). If the update does not match, the ledger is read to tell why: a rule refusal
 *       deletes the {@code PENDING} document (filtered on its incarnation) and changes nothing else.</li>
 *   <li>The document becomes {@code ACCEPTED} — filtered on its incarnation and on still being {@code PENDING} —
 *       naming the reservation it consumed, with its stored answer and the {@code DisbursementRecorded} event in its
 *       outbox (the relay publishes it).</li>
 *   <li>The reservation's entry leaves the {@code pending} list (<b>release</b>; batched, not awaited).</li>
 * </ol>
 *
 * <h2>Why it is safe: the incarnation decides</h2>
 * The document's unique {@code _id} lets at most one incarnation exist at a time, an incarnation never comes back
 * once deleted (its id is random), an accepted incarnation is never deleted, and acceptance is filtered on the
 * incarnation. So for any entry of a {@code pending} list the document alone tells its fate, for good:
 * <ul>
 *   <li>document with that incarnation, {@code PENDING}: <b>roll forward</b> — accept it with this reservation,
 *       exactly as step 3 (the answer's remaining obligation is then the ledger's at that moment; the agency gets
 *       that stored answer on retry), then release it. While the document is {@code PENDING}, this is the only
 *       reservation of the incarnation (the reservation filter), so every party rolling forward uses the same one
 *       and the acceptance filter lets exactly one succeed;</li>
 *   <li>document with that incarnation, accepted with <i>this</i> reservation: <b>release</b> (roll forward
 *       done);</li>
 *   <li>document with that incarnation, accepted with <i>another</i> reservation: this one is surplus (made by a
 *       retry that read the document as {@code PENDING} before it was accepted and reserved after the first
 *       reservation was released): <b>roll back</b>;</li>
 *   <li>no document, or one of another incarnation: the incarnation is gone and can never accept: <b>roll
 *       back</b>.</li>
 * </ul>
 * A roll back gives the amount back and drops the entry in one update filtered on the entry being there, so it
 * happens once; a release only drops it. The sweeper's age threshold therefore does not affect correctness: a late
 * original attempt whose document was meanwhile deleted fails at step 3 (wrong incarnation), rolls its own
 * reservation back and starts afresh; a late one whose reservation is gone cannot accept because its incarnation is.
 *
 * <h2>Races, written down</h2>
 * <ul>
 *   <li><b>Concurrent identical requests</b> (same key and body): one inserts; the others find the document young and
 *       {@code PENDING} and poll it (bounded, {@code retryWait}) until it is accepted (they answer the stored answer)
 *       or deleted (they start afresh and are judged afresh, normally refused the same way).</li>
 *   <li><b>Retry after a crash</b> finds the document {@code PENDING} and old: it resumes at step 2 with the
 *       document's incarnation. If the crashed attempt had reserved, the reservation filter refuses a second one and
 *       the ledger shows the first, which the retry accepts with (roll forward). If not, it reserves.</li>
 *   <li><b>Retry vs original</b> both at step 2/3: one reservation per incarnation; both try step 3 with it; one
 *       succeeds, the other reads the stored answer. A retry that reserved only after the original's reservation was
 *       released finds the document accepted with another reservation and rolls its own back.</li>
 *   <li><b>Retry vs sweeper</b>: the same as retry vs original; the sweeper is just another party rolling forward.
 *       The sweeper rolls back only incarnations that are gone, which no retry can use (a retry inserts a new
 *       incarnation).</li>
 *   <li><b>Refusal vs concurrent success</b>: an attempt that saw a rule refusal deletes the {@code PENDING}
 *       document while another attempt with the key reserved (e.g. after an amendment raised the obligation): the
 *       other's step 3 fails, it rolls its reservation back and starts afresh.</li>
 *   <li><b>Orphans</b>: a {@code PENDING} document older than the sweep age whose incarnation holds no reservation
 *       is deleted by the sweeper (filtered on incarnation and {@code PENDING}); an attempt that reserves after that
 *       fails at step 3 and starts afresh, as above.</li>
 *   <li><b>Same key, other body</b>: the fingerprint differs: 422 {@code idempotency-key-reused}, whatever state the
 *       document is in. A key whose request was refused is free again (refusals leave nothing).</li>
 * </ul>
 */
@Service
public class Disbursements {

    public static final String COLLECTION = "disbursements";
    static final String SOURCE = "/disbursement-service";
    /** Fresh starts of one request before it gives up (only reached under pathological contention). */
    private static final int MAX_ROUNDS = 5;

    private final ReactiveMongoTemplate mongo;
    private final GrantLedger ledger;
    private final Reservations reservations;
    private final EventCodec codec;
    private final OutboxRelay relay;
    private final DisbursementProperties properties;

    public Disbursements(ReactiveMongoTemplate mongo, GrantLedger ledger, Reservations reservations, EventCodec codec,
                         OutboxRelay relay, DisbursementProperties properties) {
        this.mongo = mongo;
        this.ledger = ledger;
        this.reservations = reservations;
        this.codec = codec;
        this.relay = relay;
        this.properties = properties;
    }

    /** Emits the answer to the request, the stored one for a retry; errors with an {@link ApiProblem} for a refusal. */
    public Mono<DisbursementView> record(String scope, String idempotencyKey, DisbursementRequest request) {
        return start(new Submission(IdempotencyKeys.disbursementId(scope, idempotencyKey), idempotencyKey,
                IdempotencyKeys.fingerprint(request), request), 1);
    }

    public Mono<StoredDisbursement> find(String id) {
        return stored().flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).first()));
    }

    /** A disbursement as the API shows it: accepted, possibly reversed; never a {@code PENDING} document. */
    public Mono<DisbursementRecord> findRecord(String id) {
        return find(id).filter(doc -> !doc.isPending()).map(StoredDisbursement::record);
    }

    /** Step 1, or finding the document another request with the key inserted. */
    private Mono<DisbursementView> start(Submission s, int round) {
        if (round > MAX_ROUNDS) {
            return Mono.error(() -> Refusals.keyInUse(s.key()));
        }
        String incarnation = UUID.randomUUID().toString();
        return disbursements()
                .flatMap(c -> Mono.from(c.insertOne(StoredDisbursement.pending(s.id(), s.key(), s.fingerprint(),
                        incarnation, s.request()).toDocument())))
                .thenReturn(true)
                .onErrorResume(EventClaims::isDuplicateKey, e -> Mono.just(false))
                .flatMap(inserted -> inserted ? reserveAndAccept(s, incarnation, round) : resume(s, round));
    }

    /** The key was seen before: same body → the stored answer (after waiting for it) or resume; other body → 422. */
    private Mono<DisbursementView> resume(Submission s, int round) {
        return awaitSettled(s.id(), System.nanoTime() + properties.retryWait().toNanos())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return start(s, round + 1); // refused or abandoned meanwhile: judge afresh
                    }
                    StoredDisbursement doc = found.get();
                    if (!s.fingerprint().equals(doc.fingerprint())) {
                        return Mono.error(Refusals.keyReused(s.key(), s.id()));
                    }
                    if (!doc.isPending()) {
                        return Mono.just(doc.view());
                    }
                    return reserveAndAccept(s, doc.incarnation(), round); // resume at step 2
                });
    }

    /**
     * The document, once it is no longer being worked on by a request in flight: polls (with Reactor's timer, not a
     * sleeping thread) while it is young and {@code PENDING}, until the deadline.
     */
    private Mono<Optional<StoredDisbursement>> awaitSettled(String id, long deadline) {
        return findOptional(id).flatMap(found -> {
            if (found.isEmpty() || !found.get().inFlight(properties.retryWait().toMillis())
                    || System.nanoTime() - deadline > 0) {
                return Mono.just(found);
            }
            return Mono.delay(properties.retryPoll()).then(Mono.defer(() -> awaitSettled(id, deadline)));
        });
    }

    /** Steps 2 to 4 for this incarnation of the document. */
    private Mono<DisbursementView> reserveAndAccept(Submission s, String incarnation, int round) {
        return reserve(s, incarnation, 3).flatMap(reserved -> accept(s, incarnation, reserved, round));
    }

    /** Step 2: a new reservation, the one this incarnation already holds, or a refusal that changes nothing. */
    private Mono<Reserved> reserve(Submission s, String incarnation, int tries) {
        DisbursementRequest request = s.request();
        var reservation = new Reservation(s.id(), incarnation, UUID.randomUUID().toString(),
                Money.toCents(request.amount()), new Date());
        return reservations.reserve(request.grantId(), reservation, request.valueDate())
                .map(after -> new Reserved(reservation, after))
                .switchIfEmpty(Mono.defer(() -> ledger.find(request.grantId())
                        .map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(grant -> whyNot(s, incarnation, grant.orElse(null), tries))));
    }

    private Mono<Reserved> whyNot(Submission s, String incarnation, LedgerState grant, int tries) {
        DisbursementRequest request = s.request();
        String grantId = request.grantId();
        if (grant == null || !grant.known()) {
            return abandon(s, incarnation, ApiProblem.notFound("Grant", grantId));
        }
        Optional<Reservation> held = grant.heldBy(incarnation);
        if (held.isPresent()) {
            return Mono.just(new Reserved(held.get(), grant)); // reserved by another attempt with this key: roll forward
        }
        if (!grant.active()) {
            return abandon(s, incarnation, Refusals.grantNotActive(grantId, grant.status()));
        }
        LocalDate start = grant.startDay();
        LocalDate end = grant.endDay();
        if (request.valueDate().isBefore(start) || request.valueDate().isAfter(end)) {
            return abandon(s, incarnation, Refusals.outsidePeriod(grantId, request.valueDate(), start, end));
        }
        LocalDate closesOn = grant.closingDay();
        if (closesOn != null && request.valueDate().isAfter(closesOn)) {
            return abandon(s, incarnation, Refusals.accountClosed(grantId, closesOn));
        }
        if (grant.remaining() < Money.toCents(request.amount())) {
            return abandon(s, incarnation, Refusals.insufficientObligation(grantId, Money.fromCents(grant.remaining())));
        }
        if (tries <= 1) {
            return abandon(s, incarnation, Refusals.concurrentUpdate(grantId));
        }
        return reserve(s, incarnation, tries - 1); // the ledger changed in between (money given back): try again
    }

    /** Step 3, then step 4 (not awaited). */
    private Mono<DisbursementView> accept(Submission s, String incarnation, Reserved reserved, int round) {
        LedgerState after = reserved.ledger();
        DisbursementRequest request = s.request();
        long remaining = after.remaining();
        var answer = new DisbursementView(s.id(), request.grantId(), Money.normalize(request.amount()),
                request.valueDate(), Money.fromCents(remaining));
        return disbursements()
                .flatMap(c -> Mono.from(c.updateOne(pendingIncarnation(s.id(), incarnation),
                        acceptance(s.id(), request, reserved.reservation().id(), after.grantRef(), remaining))))
                .flatMap(result -> {
                    if (result.getModifiedCount() > 0) {
                        relay.kick(COLLECTION, s.id());
                        reservations.releaseLater(request.grantId(), reserved.reservation().id());
                        return Mono.just(answer);
                    }
                    return acceptedElsewhere(s, incarnation, reserved, round);
                });
    }

    /** Step 3 did not match: another party accepted the document, or this incarnation is gone. */
    private Mono<DisbursementView> acceptedElsewhere(Submission s, String incarnation, Reserved reserved, int round) {
        String grantId = s.request().grantId();
        Reservation mine = reserved.reservation();
        return findOptional(s.id()).flatMap(found -> {
            StoredDisbursement doc = found.orElse(null);
            if (doc == null || !incarnation.equals(doc.incarnation())) {
                // the incarnation is gone for good, so nobody can accept with this reservation: undo it, start afresh
                return reservations.rollBack(grantId, mine).then(Mono.defer(() -> start(s, round + 1)));
            }
            if (doc.isPending()) {
                return accept(s, incarnation, reserved, round); // cannot happen (the filter matched it); try again
            }
            if (mine.id().equals(doc.reservation())) {
                reservations.releaseLater(grantId, mine.id()); // rolled forward by another party with this one
                return Mono.just(doc.view());
            }
            return reservations.rollBack(grantId, mine).thenReturn(doc.view()); // surplus reservation
        });
    }

    /**
     * Settles a reservation left in a ledger's {@code pending} list (the sweeper's decision, see the class comment).
     *
     * @param ledgerNow the grant's ledger as just read (its remaining obligation goes into a rolled-forward answer)
     */
    Mono<Settled> settle(LedgerState ledgerNow, Reservation reservation) {
        String grantId = ledgerNow.id();
        return findOptional(reservation.disbursementId()).flatMap(found -> {
            StoredDisbursement doc = found.orElse(null);
            if (doc == null || !reservation.incarnation().equals(doc.incarnation())) {
                return reservations.rollBack(grantId, reservation)
                        .map(done -> done ? Settled.ROLLED_BACK : Settled.NOTHING);
            }
            if (doc.isPending()) {
                return disbursements()
                        .flatMap(c -> Mono.from(c.updateOne(pendingIncarnation(doc.id(), reservation.incarnation()),
                                acceptance(doc.id(), doc.request(), reservation.id(), ledgerNow.grantRef(),
                                        ledgerNow.remaining()))))
                        .flatMap(result -> {
                            if (result.getModifiedCount() == 0) {
                                return Mono.just(Settled.NOTHING); // changed meanwhile: decided at the next sweep
                            }
                            relay.kick(COLLECTION, doc.id());
                            return reservations.release(grantId, reservation.id()).thenReturn(Settled.ROLLED_FORWARD);
                        });
            }
            if (reservation.id().equals(doc.reservation())) {
                return reservations.release(grantId, reservation.id()).thenReturn(Settled.RELEASED);
            }
            return reservations.rollBack(grantId, reservation).map(done -> done ? Settled.ROLLED_BACK : Settled.NOTHING);
        });
    }

    /** Deletes a {@code PENDING} document whose incarnation holds no reservation (the sweeper's orphan rule). */
    Mono<Boolean> deleteIfOrphan(StoredDisbursement doc) {
        String incarnation = doc.incarnation();
        return ledger.find(doc.grantId())
                .map(grant -> grant.heldBy(incarnation).isPresent())
                .defaultIfEmpty(false)
                .flatMap(reserved -> reserved ? Mono.just(false) : disbursements()
                        .flatMap(c -> Mono.from(c.deleteOne(pendingIncarnation(doc.id(), incarnation))))
                        .map(result -> result.getDeletedCount() > 0));
    }

    enum Settled { NOTHING, RELEASED, ROLLED_FORWARD, ROLLED_BACK }

    /** A request refused by a rule leaves nothing behind, so a later retry is judged afresh. */
    private <T> Mono<T> abandon(Submission s, String incarnation, ApiProblem problem) {
        return disbursements()
                .flatMap(c -> Mono.from(c.deleteOne(pendingIncarnation(s.id(), incarnation))))
                .then(Mono.error(problem));
    }

    /**
     * This incarnation of the document, still {@code PENDING}: the guard of acceptance, refusal and orphan removal.
     * A plain document rather than {@code Filters.and} (which renders {@code $and}), so that its key set is exactly
     * that of the index {@link DisbursementIndexes} declares for it.
     */
    private static Bson pendingIncarnation(String id, String incarnation) {
        return new Document("_id", id).append(StoredDisbursement.INCARNATION, incarnation)
                .append(StoredDisbursement.STATE, PENDING.name());
    }

    /** Step 3's update: accepted with this reservation, the stored answer, and the event in the outbox. */
    private Bson acceptance(String id, DisbursementRequest request, String reservationId, GrantRef grant,
                           long remainingCents) {
        return Updates.combine(
                Updates.set(StoredDisbursement.STATE, ACCEPTED.name()),
                Updates.set(StoredDisbursement.RESERVATION, reservationId),
                Updates.set(StoredDisbursement.ACCEPTED_AT, new Date()),
                Updates.set(StoredDisbursement.ANSWER,
                        StoredRecords.toDocument(new StoredDisbursement.Answer(remainingCents))),
                Updates.set(StoredDisbursement.GRANT, StoredRecords.toDocument(StoredGrantRef.of(grant))),
                relay.append(List.of(recorded(id, request, grant))));
    }

    /**
     * An accepted disbursement written whole by a batch chunk: the same layout as a single post reaches at step 3,
     * with {@code origin} naming the batch line that wrote it. Its event ({@link #recorded}) is not in its own outbox
     * but in the chunk's {@link ChunkEvents} document {@code eventsIn}, written right after.
     */
    Document acceptedDocument(String id, String key, DisbursementRequest request, GrantRef grant, long remainingCents,
                              String reservation, String origin, String eventsIn) {
        return StoredDisbursement.pending(id, key, IdempotencyKeys.fingerprint(request), reservation, request)
                .accepted(reservation, grant, remainingCents, origin, eventsIn)
                .toDocument();
    }

    /** The event that records an accepted disbursement, as single posts and batch lines append it. */
    CloudEvent<DisbursementRecorded> recorded(String id, DisbursementRequest request, GrantRef grant) {
        return codec.envelope(new DisbursementRecorded(id, grant, Money.normalize(request.amount()),
                request.currency(), request.valueDate(), request.reference(), request.description()), SOURCE);
    }

    private Mono<Optional<StoredDisbursement>> findOptional(String id) {
        return find(id).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    Mono<MongoCollection<Document>> disbursements() {
        return mongo.getCollection(COLLECTION);
    }

    /** The same collection, read as records. */
    Mono<MongoCollection<StoredDisbursement>> stored() {
        return mongo.getMongoDatabase().map(db -> db.getCollection(COLLECTION, StoredDisbursement.class));
    }

    /** One request as the write path sees it. */
    private record Submission(String id, String key, String fingerprint, DisbursementRequest request) {
    }

    private record Reserved(Reservation reservation, LedgerState ledger) {
    }
}
