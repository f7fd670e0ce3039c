package org.alliancetracker.events.appropriation;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;

/** An allocation and where its money belongs, carried by events that move money between allocations. */
public record AllocationRef(String allocationId, Country country, Pillar pillar) {

    public AllocationRef {
        Contract.require(allocationId, "allocationId");
        Contract.require(country, "country");
        Contract.require(pillar, "pillar");
    }
}
