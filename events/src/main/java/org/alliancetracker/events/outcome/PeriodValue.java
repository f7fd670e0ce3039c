package org.alliancetracker.events.outcome;

import java.math.BigDecimal;

import org.alliancetracker.events.Contract;

/** A value of an indicator for a period ("2017", "2017-Q3"). */
public record PeriodValue(String period, BigDecimal value) {

    public PeriodValue {
        Contract.require(period, "period");
        Contract.requireDecimal(value, "value", 15, 6);
    }
}
