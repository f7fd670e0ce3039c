package org.alliancetracker.reporting.pipeline;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;

import org.alliancetracker.platform.money.Money;

/** The pipeline figures of one place (a scope, a fiscal year, an account, a pillar, an agency), exact to the cent. */
public record PipelineFigures(BigDecimal disbursed, BigDecimal unobligated, BigDecimal unliquidated,
                              UnliquidatedByAge unliquidatedByAge, BigDecimal expiringWithin90Days,
                              BigDecimal expiredUnobligated, BigDecimal cancelled, BigDecimal rescinded,
                              BigDecimal reprogrammedOut, BigDecimal reprogrammedIn) {

    /** Unliquidated obligations by time since each was obligated. */
    public record UnliquidatedByAge(BigDecimal lessThan1Year, BigDecimal from1To2Years, BigDecimal from2To3Years,
                                    BigDecimal atLeast3Years) {
    }

    static PipelineFigures sum(List<Contribution> contributions) {
        EnumMap<PipelineFigure, Long> cents = new EnumMap<>(PipelineFigure.class);
        for (PipelineFigure f : PipelineFigure.values()) {
            cents.put(f, 0L);
        }
        contributions.forEach(c -> cents.merge(c.figure(), c.cents(), Long::sum));
        return new PipelineFigures(m(cents, PipelineFigure.DISBURSED), m(cents, PipelineFigure.UNOBLIGATED),
                m(cents, PipelineFigure.UNLIQUIDATED), new UnliquidatedByAge(m(cents, PipelineFigure.UNDER_1_YEAR),
                m(cents, PipelineFigure.FROM_1_TO_2_YEARS), m(cents, PipelineFigure.FROM_2_TO_3_YEARS),
                m(cents, PipelineFigure.FROM_3_YEARS)), m(cents, PipelineFigure.EXPIRING_WITHIN_90_DAYS),
                m(cents, PipelineFigure.EXPIRED_UNOBLIGATED), m(cents, PipelineFigure.CANCELLED),
                m(cents, PipelineFigure.RESCINDED), m(cents, PipelineFigure.REPROGRAMMED_OUT),
                m(cents, PipelineFigure.REPROGRAMMED_IN));
    }

    private static BigDecimal m(EnumMap<PipelineFigure, Long> cents, PipelineFigure figure) {
        return Money.fromCents(cents.get(figure));
    }
}
