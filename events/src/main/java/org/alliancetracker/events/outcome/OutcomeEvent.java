package org.alliancetracker.events.outcome;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.Country;

/** Events on {@code alliance.outcomes}, keyed by indicator id. */
public sealed interface OutcomeEvent extends AllianceEvent permits IndicatorDefined, OutcomeMeasured {

    String indicatorId();

    Country country();

    @Override
    default String aggregateId() {
        return indicatorId();
    }
}
