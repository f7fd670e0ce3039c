package org.alliancetracker.reporting.indicator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bson.Document;

/**
 * One outcome indicator of a country: baseline, targets, the latest actual and the progress from the baseline
 * toward the final target.
 *
 * @param progress (latest − baseline) / (target − baseline), 4 decimals: 0 at the baseline, 1 on target, above 1
 *                 beyond it, negative when the country moved away from the target. Direction-aware: it is computed
 *                 only when the final target is an improvement on the baseline in the indicator's direction
 *                 ({@code ascending}: higher is better), otherwise {@code null}, as it is without baseline, target
 *                 or actual.
 * @param improving whether the latest actual is better than the baseline in the indicator's direction
 */
public record IndicatorView(String id, String kind, String name, String unit, Boolean ascending, String grantId,
                            PeriodValue baseline, List<PeriodValue> targets, PeriodValue latestActual,
                            PeriodValue target, BigDecimal progress, Boolean improving, List<PeriodValue> actuals) {

    /** A value for a period; {@code source} only on actuals. */
    public record PeriodValue(String period, BigDecimal value, String source) {

        static PeriodValue of(Document document) {
            if (document == null || document.get("value") == null) {
                return null;
            }
            return new PeriodValue(document.getString("period"), new BigDecimal(document.get("value").toString()),
                    document.getString("source"));
        }
    }

    /**
     * From an {@code indicator_views} document; with {@code asOf}, only actuals of periods that had ended by then
     * (an actual of a period of unknown form is left out of an as-of view).
     */
    public static IndicatorView of(Document doc, LocalDate asOf) {
        Comparator<PeriodValue> chronological = Comparator.comparing(PeriodValue::period, Periods.CHRONOLOGICAL);
        List<PeriodValue> targets = new ArrayList<>();
        for (Document t : doc.getList("targets", Document.class, List.of())) {
            PeriodValue value = PeriodValue.of(t);
            if (value != null) {
                targets.add(value);
            }
        }
        targets.sort(chronological);
        List<PeriodValue> actuals = new ArrayList<>();
        Document byPeriod = doc.get("actuals", Document.class);
        if (byPeriod != null) {
            for (Object raw : byPeriod.values()) {
                PeriodValue actual = PeriodValue.of((Document) raw);
                if (actual != null && (asOf == null
                        || Periods.end(actual.period()).map(end -> !end.isAfter(asOf)).orElse(false))) {
                    actuals.add(actual);
                }
            }
        }
        actuals.sort(chronological);
        PeriodValue baseline = PeriodValue.of(doc.get("baseline", Document.class));
        PeriodValue latest = actuals.isEmpty() ? null : actuals.getLast();
        PeriodValue target = targets.isEmpty() ? null : targets.getLast();
        Boolean ascending = doc.getBoolean("ascending");
        return new IndicatorView(doc.get("_id").toString(), doc.getString("kind"), doc.getString("name"),
                doc.getString("unit"), ascending, doc.getString("grantId"), baseline, List.copyOf(targets), latest,
                target, progress(baseline, target, latest, ascending), improving(baseline, latest, ascending),
                List.copyOf(actuals));
    }

    static BigDecimal progress(PeriodValue baseline, PeriodValue target, PeriodValue latest, Boolean ascending) {
        if (baseline == null || target == null || latest == null || ascending == null) {
            return null;
        }
        BigDecimal required = target.value().subtract(baseline.value());
        BigDecimal achieved = latest.value().subtract(baseline.value());
        if (!ascending) {
            required = required.negate();
            achieved = achieved.negate();
        }
        if (required.signum() <= 0) {
            return null; // the target is no improvement in the indicator's direction: no progress to measure
        }
        return achieved.divide(required, 4, RoundingMode.HALF_EVEN);
    }

    static Boolean improving(PeriodValue baseline, PeriodValue latest, Boolean ascending) {
        if (baseline == null || latest == null || ascending == null) {
            return null;
        }
        int change = latest.value().compareTo(baseline.value());
        return ascending ? change > 0 : change < 0;
    }
}
