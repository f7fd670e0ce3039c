package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.util.List;

import org.alliancetracker.events.Contract;

/** Congress enacted the appropriation for a fiscal year (or an enactment was restated with new figures). */
public record AppropriationEnacted(int fiscalYear, BigDecimal amount, String source, List<Withholding> withholdings)
        implements AppropriationEvent {

    public AppropriationEnacted {
        Contract.requireAmount(amount, "amount");
        Contract.require(source, "source");
        withholdings = withholdings == null ? List.of() : List.copyOf(withholdings);
    }
}
