package org.alliancetracker.events.grant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/**
 * A grant was awarded, obligating {@code obligatedAmount} of its allocation on {@code obligatedOn}. {@code sectors}
 * (DAC purpose codes with percentages adding up to 100) and {@code partners} (the implementing organisations, prime
 * recipient first) were added to the contract later: an event written before has none (empty lists).
 */
public record GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                           LocalDate endDate, LocalDate obligatedOn, List<SectorShare> sectors,
                           List<ImplementingPartner> partners) implements GrantEvent {

    public GrantAwarded {
        Contract.require(grant, "grant");
        Contract.require(title, "title");
        Contract.requireAmount(obligatedAmount, "obligatedAmount");
        Contract.require(startDate, "startDate");
        Contract.require(endDate, "endDate");
        Contract.require(obligatedOn, "obligatedOn");
        sectors = sectors == null ? List.of() : List.copyOf(sectors);
        partners = partners == null ? List.of() : List.copyOf(partners);
    }

    /** An award that names no sector and no partner (as every award did before they were part of the contract). */
    public GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                        LocalDate endDate, LocalDate obligatedOn) {
        this(grant, title, obligatedAmount, startDate, endDate, obligatedOn, List.of(), List.of());
    }
}
