package org.alliancetracker.reporting.dataquality;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.alliancetracker.platform.money.Money;
import org.alliancetracker.reporting.country.StatusChange;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Projection;

/**
 * Computes the data-quality report from the facts and grant views, pure (no I/O), as of the end of {@code today} and
 * as known at {@code knownAt} (null: everything recorded): the caller passes only the facts with a value date up to
 * {@code today} recorded by {@code knownAt}; a grant counts with its status then, and not at all before its award.
 * Reporting lags are kept as a histogram (days → count) per agency and quarter, so memory grows with the distinct lags, not the postings; the
 * percentiles are exact (nearest rank).
 */
final class QualityReport {

    private final LocalDate today;
    private final LocalDate asOf;
    private final Instant knownAt;
    private final long dormantAfterDays;
    private final Map<String, Accumulator> agencies = new TreeMap<>();
    private final Map<String, LocalDate> lastDisbursement = new HashMap<>();
    private final Map<String, Long> obligatedCents = new HashMap<>();
    private final Map<String, Long> disbursedCents = new HashMap<>();

    /** Today's report, of everything recorded. */
    QualityReport(LocalDate today, long dormantAfterDays) {
        this(today, dormantAfterDays, null, null);
    }

    /**
     * @param asOf    the report's day when it is not today (null: today, every grant with its current status)
     * @param knownAt null: everything recorded
     */
    QualityReport(LocalDate today, long dormantAfterDays, LocalDate asOf, Instant knownAt) {
        this.today = asOf != null ? asOf : today;
        this.asOf = asOf;
        this.knownAt = knownAt;
        this.dormantAfterDays = dormantAfterDays;
    }

    private static final class Accumulator {
        PostingFact last;
        long disbursements;
        long disbursedCents;
        long reversals;
        long reversedCents;
        final Map<String, TreeMap<Long, Long>> lags = new TreeMap<>();
        final List<DataQualityView.DormantGrant> dormant = new ArrayList<>();
        final List<DataQualityView.PastEndGrant> pastEnd = new ArrayList<>();
        long undisbursedCents;
        long deadLetters;
    }

    private Accumulator agency(String agency) {
        return agencies.computeIfAbsent(agency == null ? "(unknown)" : agency, a -> new Accumulator());
    }

    void posting(PostingFact fact) {
        if (Facts.OBLIGATION.equals(fact.kind()) || Facts.AMENDMENT.equals(fact.kind())) {
            obligatedCents.merge(fact.grantId(), fact.amountCents(), Math::addExact);
            return;
        }
        disbursedCents.merge(fact.grantId(), fact.amountCents(), Math::addExact);
        Accumulator agency = agency(fact.agency());
        if (fact.eventTime() != null && (agency.last == null || agency.last.eventTime() == null
                || fact.eventTime().isAfter(agency.last.eventTime()))) {
            agency.last = fact;
        }
        if (Facts.DISBURSEMENT.equals(fact.kind())) {
            agency.disbursements++;
            agency.disbursedCents = Math.addExact(agency.disbursedCents, fact.amountCents());
            if (fact.valueDate() != null) {
                LocalDate valueDate = LocalDate.parse(fact.valueDate());
                lastDisbursement.merge(fact.grantId(), valueDate, (a, b) -> a.isAfter(b) ? a : b);
                if (fact.eventTime() != null) {
                    long lag = ChronoUnit.DAYS.between(valueDate, LocalDate.ofInstant(fact.eventTime(), ZoneOffset.UTC));
                    agency.lags.computeIfAbsent(quarter(valueDate), q -> new TreeMap<>()).merge(lag, 1L, Long::sum);
                }
            }
        } else if (Facts.REVERSAL.equals(fact.kind())) {
            agency.reversals++;
            agency.reversedCents = Math.addExact(agency.reversedCents, -fact.amountCents());
        }
    }

    /** After every posting: the grants' last disbursements are known. */
    void grant(GrantFacts grant) {
        String status = StatusChange.statusOf(grant.statusHistory(), grant.status(), asOf, knownAt);
        if (status == null && (asOf != null || knownAt != null)) {
            return; // not awarded by then, or its award not recorded yet
        }
        Accumulator agency = agency(grant.agency());
        LocalDate last = lastDisbursement.get(grant.id());
        if (Projection.ACTIVE.equals(status)) {
            LocalDate since = last != null ? last : grant.obligatedOn() == null ? null
                    : LocalDate.parse(grant.obligatedOn());
            if (since != null) {
                long days = ChronoUnit.DAYS.between(since, today);
                if (days >= dormantAfterDays) {
                    agency.dormant.add(new DataQualityView.DormantGrant(grant.id(), grant.country(), last, since, days));
                }
            }
        }
        long obligated = obligatedCents.getOrDefault(grant.id(), 0L);
        long disbursed = disbursedCents.getOrDefault(grant.id(), 0L);
        if (grant.endDate() != null && LocalDate.parse(grant.endDate()).isBefore(today) && obligated > disbursed) {
            long undisbursed = obligated - disbursed;
            agency.pastEnd.add(new DataQualityView.PastEndGrant(grant.id(), grant.country(),
                    LocalDate.parse(grant.endDate()), Money.fromCents(obligated), Money.fromCents(disbursed),
                    Money.fromCents(undisbursed)));
            agency.undisbursedCents = Math.addExact(agency.undisbursedCents, undisbursed);
        }
    }

    void deadLetter(String agency) {
        agency(agency).deadLetters++;
    }

    DataQualityView view(Instant generatedAt, DataQualityView.DeadLetters deadLetters) {
        List<DataQualityView.Agency> out = new ArrayList<>();
        agencies.forEach((name, a) -> {
            List<DataQualityView.Lag> lags = new ArrayList<>();
            a.lags.forEach((quarter, histogram) -> lags.add(lag(quarter, histogram)));
            a.dormant.sort(Comparator.comparing(DataQualityView.DormantGrant::days).reversed()
                    .thenComparing(DataQualityView.DormantGrant::grantId));
            a.pastEnd.sort(Comparator.comparing(DataQualityView.PastEndGrant::undisbursed).reversed()
                    .thenComparing(DataQualityView.PastEndGrant::grantId));
            DataQualityView.LastPosting last = a.last == null ? null : new DataQualityView.LastPosting(
                    a.last.eventTime(), a.last.valueDate() == null ? null : LocalDate.parse(a.last.valueDate()),
                    a.last.kind(), a.last.grantId(), a.last.id());
            out.add(new DataQualityView.Agency(name, last, a.disbursements,
                    new DataQualityView.Reversals(a.reversals, Money.fromCents(a.reversedCents),
                            share(a.reversals, a.disbursements), share(a.reversedCents, a.disbursedCents)),
                    lags, new DataQualityView.Dormant(a.dormant.size(), List.copyOf(a.dormant)),
                    new DataQualityView.PastEnd(a.pastEnd.size(), Money.fromCents(a.undisbursedCents),
                            List.copyOf(a.pastEnd)),
                    a.deadLetters));
        });
        return new DataQualityView(generatedAt, today, knownAt, dormantAfterDays, out, deadLetters);
    }

    /** U.S. fiscal quarter of a date: {@code FY2017-Q1} is October–December 2016. */
    static String quarter(LocalDate date) {
        int fiscalYear = date.getMonthValue() >= 10 ? date.getYear() + 1 : date.getYear();
        int quarter = (date.getMonthValue() + 2) % 12 / 3 + 1;
        return "FY" + fiscalYear + "-Q" + quarter;
    }

    private static DataQualityView.Lag lag(String quarter, TreeMap<Long, Long> histogram) {
        long n = histogram.values().stream().mapToLong(Long::longValue).sum();
        return new DataQualityView.Lag(quarter, n, rank(histogram, (n + 1) / 2), rank(histogram, (n * 9 + 9) / 10));
    }

    /** The value at 1-based rank {@code rank} of the sorted values the histogram counts. */
    static long rank(TreeMap<Long, Long> histogram, long rank) {
        long seen = 0;
        for (var entry : histogram.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank) {
                return entry.getKey();
            }
        }
        return histogram.isEmpty() ? 0 : histogram.lastKey();
    }

    private static BigDecimal share(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

}
