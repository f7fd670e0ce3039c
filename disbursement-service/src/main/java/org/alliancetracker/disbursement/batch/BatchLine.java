package org.alliancetracker.disbursement.batch;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.disbursement.disbursement.DisbursementRequest;

/**
 * One line of a bulk upload: the body of {@code POST /api/v1/disbursements} plus the line's own
 * {@code idempotencyKey} (what the header carries for a single post).
 */
record BatchLine(String idempotencyKey, String grantId, BigDecimal amount, String currency, LocalDate valueDate,
                 String reference, String description) {

    DisbursementRequest request() {
        return new DisbursementRequest(grantId, amount, currency, valueDate, reference, description);
    }
}
