package org.alliancetracker.grants.budget;

import java.util.Map;

import org.alliancetracker.grants.account.StoredAccount;
import org.alliancetracker.grants.allocation.StoredAllocation;
import org.alliancetracker.grants.appropriation.AppropriationStage;
import org.alliancetracker.grants.reprogramming.StoredReprogramming;
import org.alliancetracker.grants.rescission.StoredRescission;
import org.springframework.data.annotation.Id;

/**
 * What the accounts, allocations, reprogrammings and rescissions read of a fiscal year's document in
 * {@code budget_years}, mapped by Spring Data ({@link BudgetYears#read}); other fields are left out. A field the
 * document does not have yet is null ({@code accounts}: enacted before accounts existed).
 */
public record BudgetYear(@Id Integer fiscalYear, String stage, Enacted enacted, Long allocatedCents,
                         Long availableCents, Long rescindedCents, Map<String, StoredAccount> accounts,
                         Map<String, StoredAllocation> allocations, Map<String, StoredReprogramming> reprogrammings,
                         Map<String, StoredRescission> rescissions) {

    public BudgetYear {
        allocations = allocations == null ? Map.of() : allocations;
        reprogrammings = reprogrammings == null ? Map.of() : reprogrammings;
        rescissions = rescissions == null ? Map.of() : rescissions;
    }

    /** The enacted amount, as the year's {@code enacted} sub-document keeps it. */
    public record Enacted(Long amountCents) {

        public long cents() {
            return amountCents == null ? 0L : amountCents;
        }
    }

    public boolean isEnacted() {
        return AppropriationStage.ENACTED.name().equals(stage);
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
