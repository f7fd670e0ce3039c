package org.alliancetracker.disbursement.disbursement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.store.StoredRecords;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A disbursement's document in {@code disbursements}, written and read by the driver's record codec
 * ({@link StoredRecords}): the component names are the field names, the constants below the fields that filters and
 * conditional updates name. The event outbox ({@code outbox}) is written beside it by the relay and not read here.
 * Dates of the request are ISO strings, amounts cents, the state the enum's name; absent parts are null (and, when
 * written, left out).
 *
 * @param id          {@code d-<sha256(scope, Idempotency-Key)>}
 * @param incarnation the attempt that owns the document (see {@link Disbursements})
 * @param reservation the ledger reservation it was accepted with; null while {@code PENDING}
 * @param answer      the stored answer, replayed to every retry; null while {@code PENDING}
 * @param grant       where the money belongs, fixed at acceptance; null while {@code PENDING}
 * @param origin      the batch line that wrote it ({@code <batch id>:<line>}); null for a single post
 * @param reversal    present once a reversal was requested
 * @param recordedIn  for a batch line, the document of {@link ChunkEvents} whose outbox holds its
 *                    {@code DisbursementRecorded} (one per chunk, instead of one outbox entry per document); null
 *                    when the event is in this document's own outbox (single posts)
 */
public record StoredDisbursement(@BsonId String id, String idempotencyKey, String fingerprint, String incarnation,
                                 DisbursementState state, String grantId, long amountCents, String currency,
                                 String valueDate, String reference, String description, Date createdAt,
                                 String reservation, Date acceptedAt, Answer answer, StoredGrantRef grant,
                                 String origin, StoredReversal reversal, String recordedIn) {

    static final String FINGERPRINT = "fingerprint";
    static final String INCARNATION = "incarnation";
    static final String STATE = "state";
    static final String GRANT_ID = "grantId";
    static final String AMOUNT = "amountCents";
    static final String CREATED_AT = "createdAt";
    static final String RESERVATION = "reservation";
    static final String ACCEPTED_AT = "acceptedAt";
    static final String ANSWER = "answer";
    static final String GRANT = "grant";
    static final String ORIGIN = "origin";
    static final String REVERSAL = "reversal";
    static final String RECORDED_IN = "recordedIn";

    /** @param remainingObligationCents the grant's remaining obligation right after it was accepted */
    public record Answer(long remainingObligationCents) {
    }

    /** The grant's attribution ({@link GrantRef} without the id, which is the document's {@code grantId}). */
    public record StoredGrantRef(String allocationId, int fiscalYear, Country country, Pillar pillar, String agency) {

        static StoredGrantRef of(GrantRef grant) {
            return new StoredGrantRef(grant.allocationId(), grant.fiscalYear(), grant.country(), grant.pillar(),
                    grant.agency());
        }

        GrantRef ref(String grantId) {
            return new GrantRef(grantId, allocationId, fiscalYear, country, pillar, agency);
        }
    }

    /**
     * @param reversedOn               the reversal's value date (ISO)
     * @param remainingObligationCents the grant's remaining obligation right after the amount was given back; null
     *                                 while {@code REVERSING}
     * @param completedAt              when it became {@code REVERSED}
     */
    public record StoredReversal(String reason, Date requestedAt, String reversedOn, Long remainingObligationCents,
                                 Date completedAt) {

        static final String REQUESTED_AT = REVERSAL + ".requestedAt";
        static final String REMAINING = REVERSAL + ".remainingObligationCents";
        static final String COMPLETED_AT = REVERSAL + ".completedAt";
    }

    /** A request's document as step 1 of the write path inserts it. */
    static StoredDisbursement pending(String id, String key, String fingerprint, String incarnation,
                                      DisbursementRequest request) {
        return new StoredDisbursement(id, key, fingerprint, incarnation, DisbursementState.PENDING,
                request.grantId(), Money.toCents(request.amount()), request.currency(),
                request.valueDate().toString(), request.reference(), request.description(), new Date(), null, null,
                null, null, null, null, null);
    }

    /**
     * This document accepted whole (a batch line's insert): what a single post reaches at step 3, its event held in
     * the chunk's {@link ChunkEvents} document {@code eventsIn}.
     */
    StoredDisbursement accepted(String reservationId, GrantRef grantRef, long remainingCents, String lineOrigin,
                                String eventsIn) {
        return new StoredDisbursement(id, idempotencyKey, fingerprint, incarnation, DisbursementState.ACCEPTED,
                grantId, amountCents, currency, valueDate, reference, description, createdAt, reservationId,
                new Date(), new Answer(remainingCents), StoredGrantRef.of(grantRef), lineOrigin, null, eventsIn);
    }

    static StoredDisbursement of(Document document) {
        return StoredRecords.fromDocument(document, StoredDisbursement.class);
    }

    Document toDocument() {
        return StoredRecords.toDocument(this);
    }

    boolean isPending() {
        return state == DisbursementState.PENDING;
    }

    /** Still being worked on by a request in flight: {@code PENDING} and younger than {@code retryWaitMillis}. */
    boolean inFlight(long retryWaitMillis) {
        return isPending() && createdAt != null
                && createdAt.getTime() > System.currentTimeMillis() - retryWaitMillis;
    }

    DisbursementRequest request() {
        return new DisbursementRequest(grantId, Money.fromCents(amountCents), currency, LocalDate.parse(valueDate),
                reference, description);
    }

    GrantRef grantRef() {
        return grant.ref(grantId);
    }

    /** The answer to the request, replayed to every retry. */
    DisbursementView view() {
        return new DisbursementView(id, grantId, Money.fromCents(amountCents), LocalDate.parse(valueDate),
                Money.fromCents(answer.remainingObligationCents()));
    }

    /** The disbursement as {@code GET /api/v1/disbursements/{id}} shows it. */
    DisbursementRecord record() {
        return new DisbursementRecord(id, idempotencyKey, grantId, Money.fromCents(amountCents), currency,
                LocalDate.parse(valueDate), reference, description, state.name(),
                answer == null ? null : Money.fromCents(answer.remainingObligationCents()), instant(acceptedAt),
                reversal == null ? null : new DisbursementRecord.Reversal(reversal.reason(),
                        LocalDate.parse(reversal.reversedOn()), instant(reversal.requestedAt()),
                        reversal.remainingObligationCents() == null ? null
                                : Money.fromCents(reversal.remainingObligationCents())));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
