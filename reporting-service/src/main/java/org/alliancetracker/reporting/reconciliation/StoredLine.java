package org.alliancetracker.reporting.reconciliation;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** Ours vs theirs for one grant, fiscal year and figure of a reconciliation ({@code null}: that side has none). */
@Document(StoredLine.COLLECTION)
record StoredLine(@Id String id, String reconciliationId, int seq, String grantId, int fiscalYear, String figure,
                  Long oursCents, Long theirsCents) {

    static final String COLLECTION = "reconciliation_lines";
}
