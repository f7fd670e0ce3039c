package org.alliancetracker.disbursement.disbursement;

import static org.alliancetracker.disbursement.disbursement.DisbursementState.ACCEPTED;
import static org.alliancetracker.disbursement.disbursement.DisbursementState.REVERSED;
import static org.alliancetracker.disbursement.disbursement.DisbursementState.REVERSING;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import org.alliancetracker.disbursement.disbursement.StoredDisbursement.StoredReversal;
import org.alliancetracker.disbursement.ledger.Reservations;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.outbox.OutboxRelay;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;

/**
 * Corrects an accepted disbursement by reversing it in full — never by editing it — in three steps that each are one
 * atomic single-document update, crash-safe the same way as {@link Disbursements}:
 * <ol>
 *   <li>the disbursement document goes {@code ACCEPTED → REVERSING} with the reason and the reversal date; only one
 *       request can do this (a second reversal is 409 {@code already-reversed}), and it is never undone;</li>
 *   <li>the amount is <b>given back</b> on the grant's ledger: {@code remainingCents} up, {@code disbursedCents}
 *       down, conditional on the disbursement id not being in the ledger's {@code reversed} list, to which it is
 *       added by the same update — so at most once per disbursement, however often this step is repeated
 *       ({@link Reservations#giveBack});</li>
 *   <li>the document goes {@code REVERSING → REVERSED} with the remaining obligation after the give-back and the
 *       {@code DisbursementReversed} event in its outbox (held back until now, so it is never published for a
 *       reversal that has not changed the ledger).</li>
 * </ol>
 * Before step 1, a batch line's reversal waits until the line's {@code DisbursementRecorded} is on Kafka
 * ({@link ChunkEvents#awaitPublished}; 409 {@code recording-in-progress} after a while): its event is held in its
 * chunk's outbox, not in the document the reversal's event is appended to, and consumers must see them in order.
 * A crash after step 1 leaves a {@code REVERSING} document: the {@link DisbursementSweeper} repeats steps 2 and 3 for
 * it, and so may any number of parties at once: step 2 applies once, step 3 is filtered on {@code REVERSING} and
 * applies once, so the event is written once.
 *
 * <p><b>Grants no longer active.</b> A disbursement on a suspended or closed grant can still be reversed: a reversal
 * corrects the record of money already paid (often found at close-out reconciliation), and refusing it would leave
 * the books wrong for good. The remaining obligation goes up, but a grant that is not active takes no new
 * disbursement, so the money given back cannot be spent again unless the grant is resumed.
 */
@Service
public class Reversals {

    private final Disbursements disbursements;
    private final Reservations reservations;
    private final EventCodec codec;
    private final OutboxRelay relay;
    private final ChunkEvents chunkEvents;

    public Reversals(Disbursements disbursements, Reservations reservations, EventCodec codec, OutboxRelay relay,
                     ChunkEvents chunkEvents) {
        this.disbursements = disbursements;
        this.reservations = reservations;
        this.codec = codec;
        this.relay = relay;
        this.chunkEvents = chunkEvents;
    }

    public Mono<DisbursementRecord> reverse(String id, ReversalRequest request) {
        return disbursements.find(id)
                .filter(doc -> doc.recordedIn() != null && doc.state() == ACCEPTED)
                .flatMap(doc -> chunkEvents.awaitPublished(id, doc.recordedIn()))
                .then(Mono.defer(() -> begin(id, request)));
    }

    private Mono<DisbursementRecord> begin(String id, ReversalRequest request) {
        var reversal = new StoredReversal(request.reason(), new Date(), LocalDate.now(ZoneOffset.UTC).toString(), null,
                null);
        return disbursements.stored()
                .flatMap(c -> Mono.from(c.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", id), Filters.eq(StoredDisbursement.STATE, ACCEPTED.name())),
                        Updates.combine(Updates.set(StoredDisbursement.STATE, REVERSING.name()),
                                Updates.set(StoredDisbursement.REVERSAL, StoredRecords.toDocument(reversal))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))))
                .switchIfEmpty(Mono.defer(() -> disbursements.find(id)
                        .filter(doc -> !doc.isPending())
                        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Disbursement", id)))
                        .flatMap(doc -> Mono.error(new ApiProblem(HttpStatus.CONFLICT, "already-reversed",
                                "Already reversed", "Disbursement " + id + " has already been reversed")
                                .with("state", doc.state().name())))))
                .flatMap(this::complete);
    }

    /** Steps 2 and 3 for a {@code REVERSING} document; safe to repeat and to run concurrently. */
    Mono<DisbursementRecord> complete(StoredDisbursement reversing) {
        return reservations.giveBack(reversing.grantId(), reversing.id(), reversing.amountCents())
                .flatMap(ledgerAfter -> finish(reversing, ledgerAfter.remaining()))
                .then(Mono.defer(() -> disbursements.find(reversing.id())))
                .map(StoredDisbursement::record);
    }

    private Mono<Void> finish(StoredDisbursement reversing, long remainingCents) {
        String id = reversing.id();
        StoredReversal reversal = reversing.reversal();
        var event = codec.envelope(new DisbursementReversed(id, reversing.grantRef(),
                Money.fromCents(reversing.amountCents()), LocalDate.parse(reversing.valueDate()),
                LocalDate.parse(reversal.reversedOn()), reversal.reason()), Disbursements.SOURCE);
        return disbursements.disbursements()
                .flatMap(c -> Mono.from(c.updateOne(
                        Filters.and(Filters.eq("_id", id), Filters.eq(StoredDisbursement.STATE, REVERSING.name())),
                        Updates.combine(Updates.set(StoredDisbursement.STATE, REVERSED.name()),
                                Updates.set(StoredReversal.REMAINING, remainingCents),
                                Updates.set(StoredReversal.COMPLETED_AT, new Date()),
                                relay.append(List.of(event))))))
                .doOnNext(result -> {
                    if (result.getModifiedCount() > 0) {
                        relay.kick(Disbursements.COLLECTION, id);
                    }
                })
                .then();
    }
}
