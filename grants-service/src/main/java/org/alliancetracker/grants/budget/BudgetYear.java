package org.alliancetracker.grants.budget;

import java.util.Map;

import org.alliancetracker.grants.account.StoredAccount;
import org.alliancetracker.grants.allocation.StoredAllocation;
import org.alliancetracker.grants.appropriation.AppropriationStage;
import org.alliancetracker.grants.appropriation.StoredWithholding;
import org.alliancetracker.grants.reprogramming.StoredReprogramming;
import org.alliancetracker.grants.rescission.StoredRescission;
import org.springframework.data.annotation.Id;

/**
 * What the appropriation, accounts, allocations, reprogrammings and rescissions read of a fiscal year's document in
 * {@code budget_years}, mapped by Spring Data ({@link BudgetYears#read}, maps in stored order); the grants and the
 * bookkeeping are left out. A field the document does not have yet is null ({@code stage}: no appropriation yet;
 * {@code requested}: enacted without a request; {@code accounts}: enacted before accounts existed). The constants
 * are the year's own fields that conditional updates name.
 */
public record BudgetYear(@Id Integer fiscalYear, AppropriationStage stage, Amount requested, Amount enacted,
                         Map<String, StoredWithholding> withholdings, Long allocatedCents, Long availableCents,
                         Long rescindedCents, Long version, Map<String, StoredAccount> accounts,
                         Map<String, StoredAllocation> allocations, Map<String, StoredReprogramming> reprogrammings,
                         Map<String, StoredRescission> rescissions) {

    public static final String STAGE = "stage";
    public static final String REQUESTED = "requested";
    public static final String ENACTED = "enacted";
    public static final String ALLOCATED = "allocatedCents";
    public static final String AVAILABLE = "availableCents";
    public static final String VERSION = "version";

    public BudgetYear {
        withholdings = withholdings == null ? Map.of() : withholdings;
        allocations = allocations == null ? Map.of() : allocations;
        reprogrammings = reprogrammings == null ? Map.of() : reprogrammings;
        rescissions = rescissions == null ? Map.of() : rescissions;
    }

    /** A requested or enacted amount and its source, as the year's {@code requested} and {@code enacted} keep it. */
    public record Amount(Long amountCents, String source) {

        public long cents() {
            return amountCents == null ? 0L : amountCents;
        }
    }

    public boolean isEnacted() {
        return stage == AppropriationStage.ENACTED;
    }

    /** The appropriation's version (0 before its first change). */
    public long currentVersion() {
        return version == null ? 0L : version;
    }

    public long allocated() {
        return allocatedCents == null ? 0L : allocatedCents;
    }

    public long available() {
        return availableCents == null ? 0L : availableCents;
    }

    public long rescinded() {
        return rescindedCents == null ? 0L : rescindedCents;
    }

    /** Whether the document stores its accounts (a year enacted before accounts existed does not). */
    public boolean accountsStored() {
        return accounts != null;
    }
}
