package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;

/** Part of an enacted appropriation was assigned to a country and pillar. Keyed by fiscal year. */
public record AllocationMade(String allocationId, int fiscalYear, Country country, Pillar pillar, BigDecimal amount,
                             LocalDate allocatedOn) implements AppropriationEvent {

    public AllocationMade {
        Contract.require(allocationId, "allocationId");
        Contract.require(country, "country");
        Contract.require(pillar, "pillar");
        Contract.requireAmount(amount, "amount");
        Contract.require(allocatedOn, "allocatedOn");
    }
}
