package org.alliancetracker.grants.allocation;

import org.alliancetracker.events.appropriation.Account;

/**
 * An allocation as the year's document stores it under {@code allocations.<id>} (read through the mapping layer);
 * {@code account} is absent for allocations made before accounts existed ({@link Account#UNSPLIT}); the
 * reprogrammed totals are absent until a reprogramming moves money in or out ({@code amountCents} is then the
 * current amount).
 */
public record StoredAllocation(int fiscalYear, String country, String pillar, long amountCents, long obligatedCents,
                               String allocatedOn, String account, Long reprogrammedInCents,
                               Long reprogrammedOutCents) {

    public static final String MAP = "allocations";
    public static final String AMOUNT = "amountCents";
    public static final String OBLIGATED = "obligatedCents";
    public static final String ACCOUNT = "account";
    public static final String REPROGRAMMED_IN = "reprogrammedInCents";
    public static final String REPROGRAMMED_OUT = "reprogrammedOutCents";

    public StoredAllocation(int fiscalYear, String country, String pillar, long amountCents, long obligatedCents,
                            String allocatedOn, String account) {
        this(fiscalYear, country, pillar, amountCents, obligatedCents, allocatedOn, account, null, null);
    }

    public static String path(String allocationId, String field) {
        return MAP + "." + allocationId + "." + field;
    }

    public String accountOrDefault() {
        return account == null ? Account.UNSPLIT : account;
    }

    public long reprogrammedIn() {
        return reprogrammedInCents == null ? 0L : reprogrammedInCents;
    }

    public long reprogrammedOut() {
        return reprogrammedOutCents == null ? 0L : reprogrammedOutCents;
    }

    public long unobligatedCents() {
        return amountCents - obligatedCents;
    }
}
