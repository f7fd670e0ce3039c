package org.alliancetracker.events.grant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/**
 * The grant was amended: its obligation changed from {@code previousObligatedAmount} to the new total
 * {@code obligatedAmount} (or stayed), and, where not null, its {@code sectors} or {@code partners} were replaced by
 * the lists given. Null (as in every amendment written before they were part of the contract) leaves them as they were.
 */
public record GrantAmended(GrantRef grant, BigDecimal previousObligatedAmount, BigDecimal obligatedAmount,
                           String reason, LocalDate amendedOn, List<SectorShare> sectors,
                           List<ImplementingPartner> partners) implements GrantEvent {

    public GrantAmended {
        Contract.require(grant, "grant");
        Contract.requireAmount(previousObligatedAmount, "previousObligatedAmount");
        Contract.requireAmount(obligatedAmount, "obligatedAmount");
        Contract.require(amendedOn, "amendedOn");
        sectors = sectors == null ? null : List.copyOf(sectors);
        partners = partners == null ? null : List.copyOf(partners);
    }

    /** An amendment of the obligation only. */
    public GrantAmended(GrantRef grant, BigDecimal previousObligatedAmount, BigDecimal obligatedAmount, String reason,
                        LocalDate amendedOn) {
        this(grant, previousObligatedAmount, obligatedAmount, reason, amendedOn, null, null);
    }


    /** New total minus previous total: positive for an increase, negative for a de-obligation. */
    public BigDecimal change() {
        return obligatedAmount.subtract(previousObligatedAmount);
    }
}
