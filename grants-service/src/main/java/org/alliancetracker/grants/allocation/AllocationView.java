package org.alliancetracker.grants.allocation;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.platform.money.Money;
import org.bson.Document;

/** An allocation with what its grants have obligated and what remains. */
public record AllocationView(String id, int fiscalYear, Country country, Pillar pillar, BigDecimal amount,
                             BigDecimal obligated, BigDecimal remaining, LocalDate allocatedOn) {

    public static AllocationView of(String id, Document allocation) {
        long amount = allocation.getLong("amountCents");
        long obligated = allocation.getLong("obligatedCents");
        return new AllocationView(id, allocation.getInteger("fiscalYear"),
                Country.valueOf(allocation.getString("country")), Pillar.valueOf(allocation.getString("pillar")),
                Money.fromCents(amount), Money.fromCents(obligated), Money.fromCents(amount - obligated),
                LocalDate.parse(allocation.getString("allocatedOn")));
    }
}
