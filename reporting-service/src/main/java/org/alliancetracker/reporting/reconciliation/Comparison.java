package org.alliancetracker.reporting.reconciliation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares our figures with the file's, pure (no I/O), in exact cents. Per grant and figure, each fiscal year where
 * the two differ is a difference ({@code ours − theirs}); two years whose differences cancel exactly (the file has in
 * one year what we have in another) are one {@link DifferenceKind#TIMING} difference; the others are
 * {@link DifferenceKind#MISSING_HERE} (we have nothing there), {@link DifferenceKind#MISSING_THERE} (they have
 * nothing) or {@link DifferenceKind#AMOUNT}. Figures of the file that name no grant of ours are
 * {@link DifferenceKind#UNMATCHED_ID}. By construction, per figure Σ ours − Σ theirs = Σ differences; it is checked.
 *
 * <p>Our grants in scope: all, or those of {@code agency}, plus every grant the file names.
 */
final class Comparison {

    /** Ours vs theirs for one grant, fiscal year and figure; null where a side has no figure. */
    record Line(String grantId, int fiscalYear, String figure, Long ours, Long theirs) {
        long difference() {
            return (ours == null ? 0 : ours) - (theirs == null ? 0 : theirs);
        }
    }

    record Difference(DifferenceKind kind, String grantId, String theirId, int fiscalYear, Integer theirFiscalYear,
                      String figure, long ours, long theirs, long difference) {
    }

    /** Σ per figure, in cents. */
    record Sums(long ours, long theirs, long difference) {
    }

    record Result(List<Line> lines, List<Difference> differences, Map<String, Sums> totals,
                  Map<DifferenceKind, Long> counts) {
    }

    private Comparison() {
    }

    static Result compare(GrantIndex grants, Map<Key, Long> ours, Map<Key, Long> theirs, String agency) {
        Set<String> named = new HashSet<>();
        theirs.keySet().stream().filter(Key::isMatched).forEach(k -> named.add(k.grantId()));
        Map<String, Map<Integer, Long[]>> cells = new TreeMap<>();
        ours.forEach((key, cents) -> {
            GrantIndex.Grant grant = grants.get(key.grantId());
            boolean inScope = agency == null || named.contains(key.grantId())
                    || grant != null && agency.equals(grant.agency());
            if (inScope) {
                cell(cells, key)[0] = cents;
            }
        });
        theirs.forEach((key, cents) -> {
            if (key.isMatched()) {
                cell(cells, key)[1] = cents;
            }
        });

        List<Line> lines = new ArrayList<>();
        List<Difference> differences = new ArrayList<>();
        cells.forEach((group, years) -> {
            int split = group.lastIndexOf('\u0000');
            String grantId = group.substring(0, split);
            String figure = group.substring(split + 1);
            Map<Integer, Long> open = new TreeMap<>();
            years.forEach((year, pair) -> {
                Line line = new Line(grantId, year, figure, pair[0], pair[1]);
                lines.add(line);
                if (line.difference() != 0) {
                    open.put(year, line.difference());
                }
            });
            timing(grantId, figure, open, differences);
            open.forEach((year, difference) -> {
                Long[] pair = years.get(year);
                DifferenceKind kind = pair[0] == null ? DifferenceKind.MISSING_HERE
                        : pair[1] == null ? DifferenceKind.MISSING_THERE : DifferenceKind.AMOUNT;
                differences.add(new Difference(kind, grantId, null, year, null, figure,
                        pair[0] == null ? 0 : pair[0], pair[1] == null ? 0 : pair[1], difference));
            });
        });
        theirs.entrySet().stream().filter(e -> !e.getKey().isMatched())
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Key::theirId)
                        .thenComparing(Key::fiscalYear).thenComparing(Key::figure)))
                .forEach(e -> differences.add(new Difference(DifferenceKind.UNMATCHED_ID, null, e.getKey().theirId(),
                        e.getKey().fiscalYear(), null, e.getKey().figure(), 0, e.getValue(), -e.getValue())));
        differences.sort(Comparator.comparing((Difference d) -> d.grantId() == null ? "\uffff" : d.grantId())
                .thenComparing(d -> d.theirId() == null ? "" : d.theirId())
                .thenComparing(Difference::fiscalYear).thenComparing(Difference::figure));

        Map<String, Sums> totals = totals(lines, theirs, differences);
        Map<DifferenceKind, Long> counts = new EnumMap<>(DifferenceKind.class);
        for (DifferenceKind kind : DifferenceKind.values()) {
            counts.put(kind, differences.stream().filter(d -> d.kind() == kind).count());
        }
        return new Result(lines, differences, totals, counts);
    }

    /** Pairs years whose differences cancel exactly (nearest year first) into TIMING differences; removes them. */
    private static void timing(String grantId, String figure, Map<Integer, Long> open, List<Difference> out) {
        for (Integer theirYear : List.copyOf(open.keySet())) {
            Long difference = open.get(theirYear);
            if (difference == null || difference >= 0) {
                continue; // a year where they have more than we do
            }
            Integer ourYear = open.entrySet().stream()
                    .filter(e -> e.getValue() == -difference)
                    .map(Map.Entry::getKey)
                    .min(Comparator.comparing((Integer y) -> Math.abs(y - theirYear)).thenComparing(y -> y))
                    .orElse(null);
            if (ourYear != null) {
                open.remove(theirYear);
                open.remove(ourYear);
                out.add(new Difference(DifferenceKind.TIMING, grantId, null, ourYear, theirYear, figure,
                        -difference, -difference, 0));
            }
        }
    }

    private static Map<String, Sums> totals(List<Line> lines, Map<Key, Long> theirs, List<Difference> differences) {
        Map<String, Sums> totals = new TreeMap<>();
        for (String figure : Ledger.FIGURES) {
            long ours = 0;
            for (Line line : lines) {
                if (line.figure().equals(figure) && line.ours() != null) {
                    ours = Math.addExact(ours, line.ours());
                }
            }
            long their = 0;
            for (var e : theirs.entrySet()) {
                if (e.getKey().figure().equals(figure)) {
                    their = Math.addExact(their, e.getValue());
                }
            }
            long difference = 0;
            for (Difference d : differences) {
                if (d.figure().equals(figure)) {
                    difference = Math.addExact(difference, d.difference());
                }
            }
            if (Math.subtractExact(ours, their) != difference) {
                throw new IllegalStateException("Reconciliation does not add up for " + figure + ": " + ours + " − "
                        + their + " ≠ " + difference);
            }
            totals.put(figure, new Sums(ours, their, difference));
        }
        return totals;
    }

    private static Long[] cell(Map<String, Map<Integer, Long[]>> cells, Key key) {
        return cells.computeIfAbsent(key.grantId() + '\u0000' + key.figure(), g -> new TreeMap<>())
                .computeIfAbsent(key.fiscalYear(), y -> new Long[2]);
    }
}
