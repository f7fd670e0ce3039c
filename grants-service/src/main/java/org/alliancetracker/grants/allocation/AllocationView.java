package org.alliancetracker.grants.allocation;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.platform.money.Money;

/**
 * An allocation with the account it draws on, what its grants have obligated and what remains; {@code amount} is
 * the current amount (after reprogrammings in or out).
 */
public record AllocationView(String id, int fiscalYear, Country country, Pillar pillar, String account,
                             BigDecimal amount, BigDecimal obligated, BigDecimal remaining, LocalDate allocatedOn,
                             BigDecimal reprogrammedIn, BigDecimal reprogrammedOut) {

    public static AllocationView of(String id, StoredAllocation allocation) {
        return new AllocationView(id, allocation.fiscalYear(), Country.valueOf(allocation.country()),
                Pillar.valueOf(allocation.pillar()), allocation.accountOrDefault(),
                Money.fromCents(allocation.amountCents()), Money.fromCents(allocation.obligatedCents()),
                Money.fromCents(allocation.unobligatedCents()), LocalDate.parse(allocation.allocatedOn()),
                Money.fromCents(allocation.reprogrammedIn()), Money.fromCents(allocation.reprogrammedOut()));
    }
}
