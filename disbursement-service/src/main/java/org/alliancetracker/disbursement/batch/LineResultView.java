package org.alliancetracker.disbursement.batch;

import java.math.BigDecimal;

import org.alliancetracker.disbursement.batch.BatchChunk.LineResult;
import org.alliancetracker.platform.money.Money;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One line of {@code GET /api/v1/disbursement-batches/{id}/results}, in the format of the synchronous bulk answer:
 * {@code {"line","status","id","remainingObligation"}} or {@code {"line","status","problem"}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LineResultView(long line, int status, String id, BigDecimal remainingObligation,
                      @JsonRawValue String problem) {

    static LineResultView of(LineResult result) {
        return new LineResultView(result.line(), result.status(), result.id(),
                result.remainingCents() == null ? null : Money.fromCents(result.remainingCents()), result.problem());
    }
}
