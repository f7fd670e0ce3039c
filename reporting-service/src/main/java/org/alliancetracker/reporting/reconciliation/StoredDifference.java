package org.alliancetracker.reporting.reconciliation;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** One classified difference of a reconciliation; {@code differenceCents} = ours − theirs. */
@Document(StoredDifference.COLLECTION)
record StoredDifference(@Id String id, String reconciliationId, int seq, DifferenceKind kind, String grantId,
                        String theirId, int fiscalYear, Integer theirFiscalYear, String figure, long oursCents,
                        long theirsCents, long differenceCents) {

    static final String COLLECTION = "reconciliation_differences";
}
