package org.alliancetracker.grants.indicator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.outcome.IndicatorKind;

/**
 * An indicator as the API shows it: its definition, the current actual of each period ({@code actuals}, the latest
 * measurement of that period) and every measurement ever recorded ({@code history}, oldest first, with
 * {@code superseded} set on those a later measurement of the same period replaced).
 */
public record IndicatorView(String id, Country country, IndicatorKind kind, String name, String unit,
                            boolean ascending, String grantId, Value baseline, List<Value> targets,
                            List<Measurement> actuals, List<Measurement> history) {

    public record Value(String period, BigDecimal value) {
    }

    public record Measurement(String period, BigDecimal value, String source, Instant recordedAt,
                              boolean superseded) {
    }

    static IndicatorView of(StoredIndicator indicator) {
        StoredDefinition definition = indicator.definition();
        List<StoredMeasurement> recorded = indicator.measurements();
        Map<String, Integer> lastIndexOfPeriod = new HashMap<>();
        for (int i = 0; i < recorded.size(); i++) {
            lastIndexOfPeriod.put(recorded.get(i).period(), i);
        }
        List<Measurement> history = new ArrayList<>(recorded.size());
        for (int i = 0; i < recorded.size(); i++) {
            StoredMeasurement m = recorded.get(i);
            history.add(new Measurement(m.period(), m.decimal(), m.source(), m.recordedAt(),
                    lastIndexOfPeriod.get(m.period()) != i));
        }
        List<Measurement> actuals = history.stream()
                .filter(m -> !m.superseded())
                .sorted(java.util.Comparator.comparing(Measurement::period))
                .toList();
        StoredValue baseline = definition.baseline();
        return new IndicatorView(indicator.id(), definition.country(), definition.kind(), definition.name(),
                definition.unit(), definition.ascending(), definition.grantId(),
                baseline == null ? null : value(baseline),
                definition.targets().stream().map(IndicatorView::value).toList(),
                actuals, history);
    }

    private static Value value(StoredValue stored) {
        return new Value(stored.period(), stored.decimal());
    }
}
