package org.alliancetracker.events.grant;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/** The grant's obligation was changed from {@code previousObligatedAmount} to the new total {@code obligatedAmount}. */
public record GrantAmended(GrantRef grant, BigDecimal previousObligatedAmount, BigDecimal obligatedAmount,
                           String reason, LocalDate amendedOn) implements GrantEvent {

    public GrantAmended {
        Contract.require(grant, "grant");
        Contract.requireAmount(previousObligatedAmount, "previousObligatedAmount");
        Contract.requireAmount(obligatedAmount, "obligatedAmount");
        Contract.require(amendedOn, "amendedOn");
    }


    /** New total minus previous total: positive for an increase, negative for a de-obligation. */
    public BigDecimal change() {
        return obligatedAmount.subtract(previousObligatedAmount);
    }
}
