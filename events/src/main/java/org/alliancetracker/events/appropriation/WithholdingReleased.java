package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;

/** The condition of a withholding was certified, so its amount becomes available for allocation. */
public record WithholdingReleased(int fiscalYear, String withholdingId, BigDecimal amount, LocalDate certifiedOn,
                                  String note) implements AppropriationEvent {

    public WithholdingReleased {
        Contract.require(withholdingId, "withholdingId");
        Contract.requireAmount(amount, "amount");
        Contract.require(certifiedOn, "certifiedOn");
    }
}
