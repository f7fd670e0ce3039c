package org.alliancetracker.disbursement.disbursement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;

import org.alliancetracker.platform.money.Money;
import org.bson.Document;

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

    static DisbursementRecord of(Document doc) {
        Document answer = doc.get("answer", Document.class);
        Document reversal = doc.get("reversal", Document.class);
        return new DisbursementRecord(doc.getString("_id"), doc.getString("idempotencyKey"), doc.getString("grantId"),
                Money.fromCents(doc.getLong("amountCents")), doc.getString("currency"),
                LocalDate.parse(doc.getString("valueDate")), doc.getString("reference"), doc.getString("description"),
                doc.getString("state"),
                answer == null ? null : Money.fromCents(answer.getLong("remainingObligationCents")),
                instant(doc.getDate("acceptedAt")),
                reversal == null ? null : new Reversal(reversal.getString("reason"),
                        LocalDate.parse(reversal.getString("reversedOn")), instant(reversal.getDate("requestedAt")),
                        reversal.get("remainingObligationCents") == null ? null
                                : Money.fromCents(reversal.getLong("remainingObligationCents"))));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
