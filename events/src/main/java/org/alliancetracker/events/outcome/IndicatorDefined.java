package org.alliancetracker.events.outcome;

import java.util.List;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.Country;

/**
 * An outcome indicator was defined (or redefined) with its baseline and targets. {@code ascending} tells whether
 * higher values are better; {@code grantId} is set for {@code PROGRAM} indicators only.
 */
public record IndicatorDefined(String indicatorId, Country country, IndicatorKind kind, String name, String unit,
                               boolean ascending, String grantId, PeriodValue baseline, List<PeriodValue> targets)
        implements OutcomeEvent {

    public IndicatorDefined {
        Contract.require(indicatorId, "indicatorId");
        Contract.require(country, "country");
        Contract.require(kind, "kind");
        Contract.require(name, "name");
        Contract.require(unit, "unit");
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
