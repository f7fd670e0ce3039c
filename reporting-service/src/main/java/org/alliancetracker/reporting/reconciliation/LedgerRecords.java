package org.alliancetracker.reporting.reconciliation;

import org.springframework.data.annotation.Id;

/** The fields of the projection's documents a reconciliation reads, mapped by name. */
final class LedgerRecords {

    private LedgerRecords() {
    }

    /** A grant view ({@code grant_views}). */
    record GrantRow(@Id String id, String country, String agency) {
    }

    /** An obligated or disbursed fact ({@code facts}): signed whole cents, value date {@code YYYY-MM-DD}. */
    record FactRow(String grantId, String figure, long amountCents, String valueDate) {
    }
}
