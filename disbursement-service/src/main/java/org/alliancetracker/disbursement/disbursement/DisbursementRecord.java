package org.alliancetracker.disbursement.disbursement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;


import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A disbursement in full, as {@code GET /api/v1/disbursements/{id}} shows it.
 *
 * @param state               {@code ACCEPTED}, {@code REVERSING} (a reversal is being completed) or {@code REVERSED}
 * @param remainingObligation the grant's remaining obligation right after this disbursement was accepted
 * @param reversal            present once a reversal was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DisbursementRecord(String id, String idempotencyKey, String grantId, BigDecimal amount, String currency,
                                 LocalDate valueDate, String reference, String description, String state,
                                 BigDecimal remainingObligation, Instant acceptedAt, Reversal reversal) {

    /**
     * @param remainingObligation the grant's remaining obligation right after the amount was given back (absent while
     *                            {@code REVERSING})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reversal(String reason, LocalDate reversedOn, Instant requestedAt, BigDecimal remainingObligation) {
    }
}
