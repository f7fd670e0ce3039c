package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.util.List;

import org.alliancetracker.events.Contract;

/** The executive's budget request for a fiscal year (or a revision of it). */
public record AppropriationRequested(int fiscalYear, BigDecimal amount, String source, List<Withholding> withholdings)
        implements AppropriationEvent {

    public AppropriationRequested {
        Contract.requireAmount(amount, "amount");
        Contract.require(source, "source");
        withholdings = withholdings == null ? List.of() : List.copyOf(withholdings);
    }
}
