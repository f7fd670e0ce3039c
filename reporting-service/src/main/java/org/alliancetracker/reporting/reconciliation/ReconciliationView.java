package org.alliancetracker.reporting.reconciliation;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.platform.money.Money;

/**
 * A reconciliation as the API answers it: money as decimals with two places; each of our figures leads to the events
 * behind it ({@code events}: the facts of that grant, fiscal year and figure, each with its CloudEvent id, topic,
 * partition and offset).
 *
 * @param asOf              our side as of the end of this day (null: every value date)
 * @param knownAt           our side as known at this instant (null: as recorded when the reconciliation was made)
 * @param totals            per figure ({@code obligated}, {@code disbursed}): Σ ours, Σ theirs, Σ differences, where
 *                          ours − theirs = difference exactly
 * @param differencesByKind how many differences of each kind
 * @param file              what was read from the file, and what was left out
 * @param differences       the classified differences
 * @param figures           ours vs theirs per grant, fiscal year and figure (null where a side has none)
 */
record ReconciliationView(String id, Instant createdAt, String format, String agency, Integer fiscalYear,
                          LocalDate asOf, Instant knownAt,
                          Map<String, Totals> totals, Map<String, Long> differencesByKind,
                          TheirFigures.FileSummary file, List<DifferenceView> differences, List<FigureView> figures,
                          String csv) {

    record Totals(BigDecimal ours, BigDecimal theirs, BigDecimal difference) {
    }

    /**
     * @param grantId         our grant (null for {@code UNMATCHED_ID})
     * @param theirId         the file's identifier, for {@code UNMATCHED_ID}
     * @param fiscalYear      the fiscal year; for {@code TIMING} the one where we have the amount
     * @param theirFiscalYear for {@code TIMING}: the fiscal year where the file has it
     * @param ours            our amount ({@code TIMING}: the amount that moved)
     * @param difference      ours − theirs
     * @param events          our events behind {@code ours} (null when we have none)
     */
    record DifferenceView(DifferenceKind kind, String grantId, String theirId, int fiscalYear, Integer theirFiscalYear,
                          String figure, BigDecimal ours, BigDecimal theirs, BigDecimal difference, String events) {
    }

    record FigureView(String grantId, int fiscalYear, String figure, BigDecimal ours, BigDecimal theirs,
                      BigDecimal difference, String events) {
    }

    static ReconciliationView of(ReconciliationStore.Stored stored) {
        StoredReconciliation r = stored.reconciliation();
        Map<String, Totals> totals = new LinkedHashMap<>();
        r.totals().forEach((figure, sums) -> totals.put(figure, new Totals(Money.fromCents(sums.ours()),
                Money.fromCents(sums.theirs()), Money.fromCents(sums.difference()))));
        List<DifferenceView> differences = stored.differences().stream().map(d -> new DifferenceView(d.kind(),
                d.grantId(), d.theirId(), d.fiscalYear(), d.theirFiscalYear(), d.figure(),
                Money.fromCents(d.oursCents()), Money.fromCents(d.theirsCents()), Money.fromCents(d.differenceCents()),
                d.grantId() == null || d.kind() == DifferenceKind.MISSING_HERE ? null
                        : events(r.id(), d.grantId(), d.fiscalYear(), d.figure()))).toList();
        List<FigureView> figures = stored.lines().stream().map(l -> new FigureView(l.grantId(), l.fiscalYear(),
                l.figure(), l.oursCents() == null ? null : Money.fromCents(l.oursCents()),
                l.theirsCents() == null ? null : Money.fromCents(l.theirsCents()),
                Money.fromCents((l.oursCents() == null ? 0 : l.oursCents())
                        - (l.theirsCents() == null ? 0 : l.theirsCents())),
                l.oursCents() == null ? null : events(r.id(), l.grantId(), l.fiscalYear(), l.figure()))).toList();
        return new ReconciliationView(r.id(), r.createdAt(), r.format(), r.agency(), r.fiscalYear(),
                r.asOf() == null ? null : LocalDate.parse(r.asOf()), r.knownAt(), totals,
                r.differencesByKind(), r.file(), differences, figures,
                ReconciliationController.PATH + "/" + r.id() + ".csv");
    }

    static String events(String id, String grantId, int fiscalYear, String figure) {
        return ReconciliationController.PATH + "/" + id + "/events?grantId="
                + URLEncoder.encode(grantId, StandardCharsets.UTF_8) + "&fiscalYear=" + fiscalYear + "&figure=" + figure;
    }
}
