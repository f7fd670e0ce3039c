package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;

import org.alliancetracker.events.Contract;

/**
 * A share of an appropriation held back until a named condition is certified, e.g. 25% of FY2016 funds pending a
 * migration-related certification by the Secretary of State. {@code amount} is {@code percent} of the appropriation,
 * rounded half-even to the cent.
 */
public record Withholding(String id, BigDecimal percent, BigDecimal amount, String condition) {

    public Withholding {
        Contract.require(id, "id");
        Contract.requireDecimal(percent, "percent", 3, 2);
        Contract.requireAmount(amount, "amount");
        Contract.require(condition, "condition");
    }
}
