package org.alliancetracker.grants.indicator;

import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.outcome.IndicatorKind;

/**
 * An indicator's definition as stored (enums as their names, values as canonical decimal strings), so that a repeated
 * definition is equal to the stored one; {@code grantId} and {@code baseline} are absent when not given. The
 * constants are the fields the list filters on.
 */
public record StoredDefinition(Country country, IndicatorKind kind, String name, String unit, boolean ascending,
                               String grantId, StoredValue baseline, List<StoredValue> targets) {

    static final String COUNTRY = "country";
    static final String KIND = "kind";
    static final String GRANT_ID = "grantId";

    public StoredDefinition {
        targets = targets == null ? List.of() : targets;
    }
}
