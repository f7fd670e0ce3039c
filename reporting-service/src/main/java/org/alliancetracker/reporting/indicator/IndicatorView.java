package org.alliancetracker.reporting.indicator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

        static PeriodValue of(StoredIndicator.StoredValue stored) {
            if (stored == null || stored.value() == null) {
                return null;
            }
            return new PeriodValue(stored.period(), new BigDecimal(stored.value()), stored.source());
        }
    }

    /**
     * From an {@code indicator_views} document; with {@code asOf}, only actuals of periods that had ended by then
     * (an actual of a period of unknown form is left out of an as-of view).
     */
    public static IndicatorView of(StoredIndicator doc, LocalDate asOf) {
        return of(doc, asOf, null);
    }

    /**
     * As above, and with {@code knownAt} only what had been recorded by then: each period's actual is the last
     * value measured for it by then (so a later correction does not show), none if it had not been measured yet.
     * Baseline and targets are the indicator's current definition (a redefinition replaces them; an indicator first
     * defined after {@code knownAt} is not {@code known}). A view written before measurements were kept
     * (no {@code measurements}) shows its stored actuals: rebuild once after upgrading.
     */
    public static IndicatorView of(StoredIndicator doc, LocalDate asOf, Instant knownAt) {
        Comparator<PeriodValue> chronological = Comparator.comparing(PeriodValue::period, Periods.CHRONOLOGICAL);
        List<PeriodValue> targets = new ArrayList<>();
        for (StoredIndicator.StoredValue t : doc.targets()) {
            PeriodValue value = PeriodValue.of(t);
            if (value != null) {
                targets.add(value);
            }
        }
        targets.sort(chronological);
        List<PeriodValue> actuals = new ArrayList<>();
        for (PeriodValue actual : recorded(doc, knownAt)) {
            if (actual != null && (asOf == null
                    || Periods.end(actual.period()).map(end -> !end.isAfter(asOf)).orElse(false))) {
                actuals.add(actual);
            }
        }
        actuals.sort(chronological);
        PeriodValue baseline = PeriodValue.of(doc.baseline());
        PeriodValue latest = actuals.isEmpty() ? null : actuals.getLast();
        PeriodValue target = targets.isEmpty() ? null : targets.getLast();
        Boolean ascending = doc.ascending();
        return new IndicatorView(doc.id(), doc.kind(), doc.name(), doc.unit(), ascending, doc.grantId(), baseline,
                List.copyOf(targets), latest, target, progress(baseline, target, latest, ascending),
                improving(baseline, latest, ascending), List.copyOf(actuals));
    }

    /** Whether the indicator had been defined by {@code knownAt} (always, without it or without a recorded time). */
    public static boolean known(StoredIndicator doc, Instant knownAt) {
        return knownAt == null || doc.definedAt() == null || !doc.definedAt().isAfter(knownAt);
    }

    /** Each period's value: the stored one, or with {@code knownAt} the last one measured by then. */
    private static Collection<PeriodValue> recorded(StoredIndicator doc, Instant knownAt) {
        if (knownAt == null || doc.measurements().isEmpty()) {
            return doc.actuals().values().stream().map(PeriodValue::of).toList();
        }
        Map<String, PeriodValue> byPeriod = new LinkedHashMap<>();
        for (StoredIndicator.Measurement m : doc.measurements()) {
            if (m.at() == null || !m.at().isAfter(knownAt)) {
                byPeriod.put(m.period(), PeriodValue.of(new StoredIndicator.StoredValue(m.period(), m.value(),
                        m.source())));
            }
        }
        return byPeriod.values();
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
