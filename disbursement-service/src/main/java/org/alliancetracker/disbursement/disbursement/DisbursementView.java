package org.alliancetracker.disbursement.disbursement;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The answer to an accepted disbursement; replayed identically for a repeated Idempotency-Key. */
public record DisbursementView(String id, String grantId, BigDecimal amount, LocalDate valueDate,
                               BigDecimal remainingObligation) {
}
