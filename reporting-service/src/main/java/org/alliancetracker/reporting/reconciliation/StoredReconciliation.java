package org.alliancetracker.reporting.reconciliation;

import java.time.Instant;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A reconciliation as stored ({@code reconciliations}): what was compared (and on which time axes: our side as of the
 * end of {@code asOf}, ISO date, and as known at {@code knownAt}; null: all of it, as recorded when it was made) and
 * the totals; its lines and differences
 * are documents of their own ({@link StoredLine}, {@link StoredDifference}), written first, so a reconciliation that
 * can be read is complete. Money in whole cents.
 */
@Document(StoredReconciliation.COLLECTION)
record StoredReconciliation(@Id String id, Instant createdAt, String format, String agency, Integer fiscalYear,
                            String asOf, Instant knownAt, TheirFigures.FileSummary file, Map<String, Comparison.Sums> totals,
                            Map<String, Long> differencesByKind, int lines, int differences) {

    static final String COLLECTION = "reconciliations";
    /** The field of {@link StoredLine} and {@link StoredDifference} naming their reconciliation. */
    static final String RECONCILIATION_ID = "reconciliationId";
    /** Their order within the reconciliation. */
    static final String SEQ = "seq";
}
