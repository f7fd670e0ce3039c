package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;

/**
 * Part of an enacted appropriation was assigned to a country and pillar, from one of its accounts. Keyed by fiscal
 * year. {@code account} is absent in events written before accounts existed: {@link Account#UNSPLIT}.
 */
public record AllocationMade(String allocationId, int fiscalYear, Country country, Pillar pillar, BigDecimal amount,
                             LocalDate allocatedOn, String account) implements AppropriationEvent {

    public AllocationMade {
        Contract.require(allocationId, "allocationId");
        Contract.require(country, "country");
        Contract.require(pillar, "pillar");
        Contract.requireAmount(amount, "amount");
        Contract.require(allocatedOn, "allocatedOn");
    }

    /** An allocation from an appropriation without accounts. */
    public AllocationMade(String allocationId, int fiscalYear, Country country, Pillar pillar, BigDecimal amount,
                          LocalDate allocatedOn) {
        this(allocationId, fiscalYear, country, pillar, amount, allocatedOn, null);
    }

    /** The account, {@link Account#UNSPLIT} for an event that names none. */
    public String accountOrDefault() {
        return account == null ? Account.UNSPLIT : account;
    }
}
