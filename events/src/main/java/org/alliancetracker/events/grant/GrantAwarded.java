package org.alliancetracker.events.grant;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/**
 * A grant was awarded, obligating {@code obligatedAmount} of its allocation on {@code obligatedOn}.
 * {@code accountClosesOn} is the day the account it is obligated from closes (31 U.S.C. 1552): no disbursement may
 * be dated after it. Absent in events written before accounts existed (no known closing).
 */
public record GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                           LocalDate endDate, LocalDate obligatedOn, LocalDate accountClosesOn)
        implements GrantEvent {

    /** An award whose account's closing is not known. */
    public GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                        LocalDate endDate, LocalDate obligatedOn) {
        this(grant, title, obligatedAmount, startDate, endDate, obligatedOn, null);
    }

    public GrantAwarded {
        Contract.require(grant, "grant");
        Contract.require(title, "title");
        Contract.requireAmount(obligatedAmount, "obligatedAmount");
        Contract.require(startDate, "startDate");
        Contract.require(endDate, "endDate");
        Contract.require(obligatedOn, "obligatedOn");
    }
}
