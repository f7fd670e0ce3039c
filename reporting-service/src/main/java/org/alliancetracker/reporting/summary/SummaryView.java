package org.alliancetracker.reporting.summary;

import java.math.BigDecimal;
import java.util.List;

import org.alliancetracker.platform.money.Money;
import org.bson.Document;

/** The Alliance at a glance: each fiscal year from request to disbursement, and the totals. */
public record SummaryView(List<FiscalYear> fiscalYears, Totals totals) {

    /** One fiscal year; {@code withheld} is what is still held back, {@code released} what was certified. */
    public record FiscalYear(int fiscalYear, String stage, BigDecimal requested, BigDecimal enacted,
                             BigDecimal withheld, BigDecimal released, BigDecimal allocated, BigDecimal obligated,
                             BigDecimal disbursed) {

        static FiscalYear of(Document view) {
            int rank = view.get("stageRank", 0);
            long withheld = 0;
            long released = 0;
            Document withholdings = view.get("withholdings", new Document());
            for (String id : withholdings.keySet()) {
                Document w = withholdings.get(id, Document.class);
                long cents = w.get("amountCents", 0L);
                if (w.getBoolean("released", false)) {
                    released += cents;
                } else {
                    withheld += cents;
                }
            }
            return new FiscalYear(view.getInteger("_id"), rank == 2 ? "ENACTED" : rank == 1 ? "REQUESTED" : null,
                    Money.fromCents(view.get("requestedCents", 0L)), Money.fromCents(view.get("enactedCents", 0L)),
                    Money.fromCents(withheld), Money.fromCents(released), Money.fromCents(view.get("allocatedCents", 0L)),
                    Money.fromCents(view.get("obligatedCents", 0L)), Money.fromCents(view.get("disbursedCents", 0L)));
        }
    }

    /** Sums over all fiscal years. */
    public record Totals(BigDecimal requested, BigDecimal enacted, BigDecimal withheld, BigDecimal released,
                         BigDecimal allocated, BigDecimal obligated, BigDecimal disbursed) {

        static Totals of(List<FiscalYear> years) {
            return new Totals(sum(years, FiscalYear::requested), sum(years, FiscalYear::enacted),
                    sum(years, FiscalYear::withheld), sum(years, FiscalYear::released),
                    sum(years, FiscalYear::allocated), sum(years, FiscalYear::obligated),
                    sum(years, FiscalYear::disbursed));
        }

        private static BigDecimal sum(List<FiscalYear> years, java.util.function.Function<FiscalYear, BigDecimal> f) {
            return years.stream().map(f).reduce(Money.fromCents(0), BigDecimal::add);
        }
    }

    static SummaryView of(List<Document> views) {
        List<FiscalYear> years = views.stream().map(FiscalYear::of)
                .sorted(java.util.Comparator.comparingInt(FiscalYear::fiscalYear)).toList();
        return new SummaryView(years, Totals.of(years));
    }
}
