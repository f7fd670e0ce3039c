package org.alliancetracker.reporting.reconciliation;

/**
 * One figure of a reconciliation: a grant of ours ({@code grantId}) or an identifier of the file that names none
 * ({@code theirId}), a fiscal year and a figure ({@code obligated} or {@code disbursed}).
 */
record Key(String grantId, String theirId, int fiscalYear, String figure) {

    static Key matched(String grantId, int fiscalYear, String figure) {
        return new Key(grantId, null, fiscalYear, figure);
    }

    static Key unmatched(String theirId, int fiscalYear, String figure) {
        return new Key(null, theirId, fiscalYear, figure);
    }

    boolean isMatched() {
        return grantId != null;
    }
}
