package org.alliancetracker.reporting.summary;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.alliancetracker.platform.money.Money;

/**
 * The Alliance at a glance: each fiscal year from request to disbursement, and the totals. A figure that does not
 * exist yet is {@code null}, never 0: {@code requested} without a budget request, {@code enacted}, {@code withheld}
 * and {@code released} before enactment. Money that moved (allocated, obligated, disbursed) is always a number.
 * A total is the sum of the years that have the figure, {@code null} when none has.
 */
public record SummaryView(LocalDate asOf, List<FiscalYear> fiscalYears, Totals totals) {

    /** One fiscal year; {@code withheld} is what is still held back, {@code released} what was certified. */
    public record FiscalYear(int fiscalYear, String stage, String source, BigDecimal requested, BigDecimal enacted,
                             BigDecimal withheld, BigDecimal released, BigDecimal allocated, BigDecimal obligated,
                             BigDecimal disbursed) {

        static FiscalYear of(YearFigures y) {
            return new FiscalYear(y.fiscalYear, y.stageRank == 2 ? "ENACTED" : y.stageRank == 1 ? "REQUESTED" : null,
                    y.source, money(y.requested), money(y.enacted), money(y.withheld()), money(y.releasedCents()),
                    Money.fromCents(y.allocated), Money.fromCents(y.obligated), Money.fromCents(y.disbursed));
        }
    }

    /** Sums over all fiscal years. */
    public record Totals(BigDecimal requested, BigDecimal enacted, BigDecimal withheld, BigDecimal released,
                         BigDecimal allocated, BigDecimal obligated, BigDecimal disbursed) {

        static Totals of(List<FiscalYear> years) {
            return new Totals(sum(years, FiscalYear::requested), sum(years, FiscalYear::enacted),
                    sum(years, FiscalYear::withheld), sum(years, FiscalYear::released),
                    zeroIfNone(sum(years, FiscalYear::allocated)), zeroIfNone(sum(years, FiscalYear::obligated)),
                    zeroIfNone(sum(years, FiscalYear::disbursed)));
        }

        private static BigDecimal sum(List<FiscalYear> years, Function<FiscalYear, BigDecimal> figure) {
            return years.stream().map(figure).filter(Objects::nonNull).reduce(BigDecimal::add).orElse(null);
        }

        private static BigDecimal zeroIfNone(BigDecimal sum) {
            return sum == null ? Money.fromCents(0) : sum;
        }
    }

    static SummaryView of(LocalDate asOf, List<YearFigures> years) {
        List<FiscalYear> rows = years.stream().map(FiscalYear::of)
                .sorted(java.util.Comparator.comparingInt(FiscalYear::fiscalYear)).toList();
        return new SummaryView(asOf, rows, Totals.of(rows));
    }

    private static BigDecimal money(Long cents) {
        return cents == null ? null : Money.fromCents(cents);
    }
}
