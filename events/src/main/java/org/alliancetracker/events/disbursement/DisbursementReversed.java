package org.alliancetracker.events.disbursement;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/**
 * A recorded disbursement was corrected by reversing it in full: {@code amount} is the original amount, returned to
 * the grant's remaining obligation with effect on {@code reversedOn}.
 */
public record DisbursementReversed(String disbursementId, GrantRef grant, BigDecimal amount, LocalDate valueDate,
                                   LocalDate reversedOn, String reason) implements DisbursementEvent {

    public DisbursementReversed {
        Contract.require(disbursementId, "disbursementId");
        Contract.require(grant, "grant");
        Contract.requireAmount(amount, "amount");
        Contract.require(valueDate, "valueDate");
        Contract.require(reversedOn, "reversedOn");
    }
}
