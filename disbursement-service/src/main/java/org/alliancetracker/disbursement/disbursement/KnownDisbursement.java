package org.alliancetracker.disbursement.disbursement;

import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * What a batch line needs of a disbursement document that already exists under its id (read with a projection
 * through the driver's record codec): whose it is and what it was answered.
 *
 * @param origin the batch line that wrote it ({@code <batch id>:<line>}); null for a single post
 */
public record KnownDisbursement(@BsonId String id, String fingerprint, String state, String origin,
                                String grantId, Long amountCents, Answer answer) {

    /** The fields it reads (its components but the id). */
    static final List<String> FIELDS = List.of(StoredDisbursement.FINGERPRINT, StoredDisbursement.STATE, StoredDisbursement.ORIGIN,
            StoredDisbursement.GRANT_ID, StoredDisbursement.AMOUNT, StoredDisbursement.ANSWER);

    /** @param remainingObligationCents the grant's remaining obligation right after it was accepted */
    public record Answer(Long remainingObligationCents) {
    }

    public boolean pending() {
        return DisbursementState.PENDING.name().equals(state);
    }

    public Long remainingCents() {
        return answer == null ? null : answer.remainingObligationCents();
    }
}
