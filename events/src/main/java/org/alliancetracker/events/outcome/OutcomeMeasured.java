package org.alliancetracker.events.outcome;

import java.math.BigDecimal;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.Country;

/** An actual value of an indicator was measured for a period; a later event for the same period supersedes it. */
public record OutcomeMeasured(String indicatorId, Country country, String period, BigDecimal value, String source)
        implements OutcomeEvent {

    public OutcomeMeasured {
        Contract.require(indicatorId, "indicatorId");
        Contract.require(country, "country");
        Contract.require(period, "period");
        Contract.requireDecimal(value, "value", 15, 6);
    }
}
