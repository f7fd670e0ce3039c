package org.alliancetracker.events.grant;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/** A grant was awarded, obligating {@code obligatedAmount} of its allocation on {@code obligatedOn}. */
public record GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                           LocalDate endDate, LocalDate obligatedOn) implements GrantEvent {

    public GrantAwarded {
        Contract.require(grant, "grant");
        Contract.require(title, "title");
        Contract.requireAmount(obligatedAmount, "obligatedAmount");
        Contract.require(startDate, "startDate");
        Contract.require(endDate, "endDate");
        Contract.require(obligatedOn, "obligatedOn");
    }
}
