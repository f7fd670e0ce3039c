package org.alliancetracker.grants.indicator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.bson.Document;

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

    static IndicatorView of(Document indicator) {
        Document definition = indicator.get("definition", Document.class);
        List<Document> recorded = indicator.getList("measurements", Document.class, List.of());
        Map<String, Integer> lastIndexOfPeriod = new HashMap<>();
        for (int i = 0; i < recorded.size(); i++) {
            lastIndexOfPeriod.put(recorded.get(i).getString("period"), i);
        }
        List<Measurement> history = new ArrayList<>(recorded.size());
        for (int i = 0; i < recorded.size(); i++) {
            Document m = recorded.get(i);
            history.add(new Measurement(m.getString("period"), new BigDecimal(m.getString("value")),
                    m.getString("source"), m.getDate("recordedAt").toInstant(),
                    lastIndexOfPeriod.get(m.getString("period")) != i));
        }
        List<Measurement> actuals = history.stream()
                .filter(m -> !m.superseded())
                .sorted(java.util.Comparator.comparing(Measurement::period))
                .toList();
        Document baseline = definition.get("baseline", Document.class);
        return new IndicatorView(indicator.getString("_id"), Country.valueOf(definition.getString("country")),
                IndicatorKind.valueOf(definition.getString("kind")), definition.getString("name"),
                definition.getString("unit"), definition.getBoolean("ascending"), definition.getString("grantId"),
                baseline == null ? null : value(baseline),
                definition.getList("targets", Document.class, List.of()).stream().map(IndicatorView::value).toList(),
                actuals, history);
    }

    private static Value value(Document document) {
        return new Value(document.getString("period"), new BigDecimal(document.getString("value")));
    }
}
