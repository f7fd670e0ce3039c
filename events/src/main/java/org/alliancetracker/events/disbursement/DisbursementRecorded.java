package org.alliancetracker.events.disbursement;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/** An agency paid out {@code amount} under a grant, with effect on {@code valueDate}. */
public record DisbursementRecorded(String disbursementId, GrantRef grant, BigDecimal amount, String currency,
                                   LocalDate valueDate, String reference, String description)
        implements DisbursementEvent {

    public DisbursementRecorded {
        Contract.require(disbursementId, "disbursementId");
        Contract.require(grant, "grant");
        Contract.requireAmount(amount, "amount");
        Contract.require(currency, "currency");
        Contract.require(valueDate, "valueDate");
    }
}
