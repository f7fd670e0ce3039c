package org.alliancetracker.events.grant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/**
 * A grant was awarded, obligating {@code obligatedAmount} of its allocation on {@code obligatedOn}. Added to the
 * contract later, each absent from events written before it:
 * {@code sectors} (DAC purpose codes with percentages adding up to 100) and {@code partners} (the implementing
 * organisations, prime recipient first), empty lists when absent;
 * {@code accountClosesOn}, the day the account it is obligated from closes (31 U.S.C. 1552): no disbursement may be
 * dated after it; null when absent (no known closing).
 */
public record GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                           LocalDate endDate, LocalDate obligatedOn, List<SectorShare> sectors,
                           List<ImplementingPartner> partners, LocalDate accountClosesOn) implements GrantEvent {

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

    /** An award that names no sector and no partner and whose account's closing is not known (as awards were first). */
    public GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                        LocalDate endDate, LocalDate obligatedOn) {
        this(grant, title, obligatedAmount, startDate, endDate, obligatedOn, List.of(), List.of(), null);
    }

    /** An award that names no sector and no partner. */
    public GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                        LocalDate endDate, LocalDate obligatedOn, LocalDate accountClosesOn) {
        this(grant, title, obligatedAmount, startDate, endDate, obligatedOn, List.of(), List.of(), accountClosesOn);
    }

    /** An award whose account's closing is not known. */
    public GrantAwarded(GrantRef grant, String title, BigDecimal obligatedAmount, LocalDate startDate,
                        LocalDate endDate, LocalDate obligatedOn, List<SectorShare> sectors,
                        List<ImplementingPartner> partners) {
        this(grant, title, obligatedAmount, startDate, endDate, obligatedOn, sectors, partners, null);
    }
}
