package org.alliancetracker.reporting.reconciliation;

/** Why one of our figures and the file's differ. */
enum DifferenceKind {
    /** The file has a figure for a grant and fiscal year that we do not have. */
    MISSING_HERE,
    /** We have a figure for a grant and fiscal year that the file does not have. */
    MISSING_THERE,
    /** Both have the figure, with other amounts: {@code difference} = ours − theirs. */
    AMOUNT,
    /** The same amount in another fiscal year: ours in {@code fiscalYear}, theirs in {@code theirFiscalYear}. */
    TIMING,
    /** The file names an activity or award that is no grant of ours. */
    UNMATCHED_ID
}
