package org.alliancetracker.reporting.pipeline;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.appropriation.Account;
import org.alliancetracker.reporting.projection.Facts;

/**
 * The pipeline of one scope (a country, or the Alliance when {@code country} is null) as of the end of a day, from
 * the facts known (already filtered by recording time for {@code knownAt}). Pure: facts in, contributions out; every
 * figure is the sum of its contributions, so a figure and its drill-down cannot disagree.
 *
 * <ul>
 *   <li>unobligated: + allocations, ± reprogrammings, − obligations (and at the Alliance level + the latest
 *       enactment's accounts, − allocations, − rescissions: what was never allocated);</li>
 *   <li>unliquidated: + obligations, − disbursements; by age, each obligation's part not yet liquidated
 *       (disbursements liquidate the oldest obligation first, a de-obligation reduces the newest);</li>
 *   <li>the unobligated funds of an account are also expiring (≤ 90 days to {@code availableUntil}) or expired;
 *       once it closed, its unobligated and unliquidated funds count as cancelled instead.</li>
 * </ul>
 * Value dates: a fact's own; an enactment (which carries none) counts from the first day of its fiscal year.
 */
final class PipelineCalculator {

    private static final Comparator<PipelineFact> ORDER = Comparator.comparing(PipelineFact::valueDate,
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(PipelineFact::topic).thenComparingInt(PipelineFact::partition)
            .thenComparingLong(PipelineFact::offset);

    private final LocalDate asOf;
    private final String country;
    private final Map<Integer, PipelineFact> enactments = new HashMap<>();
    private final Map<String, AccountPeriod> accounts = new LinkedHashMap<>();
    private final Map<String, PipelineFact> allocations = new HashMap<>();
    private final List<Contribution> contributions = new ArrayList<>();
    private final Map<String, GrantLine> grants = new LinkedHashMap<>();

    private PipelineCalculator(LocalDate asOf, String country) {
        this.asOf = asOf;
        this.country = country;
    }

    static PipelineCalculator of(List<PipelineFact> facts, LocalDate asOf, String country) {
        PipelineCalculator c = new PipelineCalculator(asOf, country);
        c.run(facts);
        return c;
    }

    List<Contribution> contributions() {
        return contributions;
    }

    Map<String, AccountPeriod> accounts() {
        return accounts;
    }

    List<GrantLine> grants() {
        return List.copyOf(grants.values());
    }

    LocalDate asOf() {
        return asOf;
    }

    static String accountKey(int fiscalYear, String code) {
        return fiscalYear + "/" + code;
    }

    private void run(List<PipelineFact> facts) {
        List<PipelineFact> sorted = facts.stream().sorted(ORDER).toList();
        for (PipelineFact f : sorted) {
            if (Facts.ENACTED.equals(f.kind())) {
                // the latest known enactment of a year is the one in force (restatements replace it)
                PipelineFact before = enactments.get(f.fiscalYear());
                if (before == null || later(f, before)) {
                    enactments.put(f.fiscalYear(), f);
                }
            } else if (Facts.ALLOCATION.equals(f.kind())) {
                allocations.put(f.allocationId(), f);
            }
        }
        enactments.values().forEach(e -> {
            if (e.accounts() == null || e.accounts().isEmpty()) {
                accounts.put(accountKey(e.fiscalYear(), Account.UNSPLIT), AccountPeriod.of(e.fiscalYear(),
                        Account.UNSPLIT, e.amountCents(), Account.defaultAvailableUntil(e.fiscalYear())));
            } else {
                e.accounts().forEach(a -> accounts.put(accountKey(e.fiscalYear(), a.code()),
                        AccountPeriod.of(e.fiscalYear(), a.code(), a.amountCents(), LocalDate.parse(a.availableUntil()))));
            }
        });
        if (country == null) {
            enactments.values().stream().sorted(Comparator.comparing(PipelineFact::fiscalYear)).forEach(e -> {
                if (!LocalDate.of(e.fiscalYear() - 1, 10, 1).isAfter(asOf)) {
                    accounts.values().stream().filter(a -> a.fiscalYear() == e.fiscalYear())
                            .forEach(a -> unobligated(e, a.amountCents(), e.fiscalYear(), a.code(), null, null));
                }
            });
        }
        for (PipelineFact f : sorted) {
            if (Facts.ENACTED.equals(f.kind()) || f.date() == null || f.date().isAfter(asOf)) {
                continue;
            }
            switch (f.kind()) {
                case Facts.ALLOCATION -> {
                    String account = accountOf(f);
                    if (inScope(f.country())) {
                        unobligated(f, f.amountCents(), f.fiscalYear(), account, f.country(), f.pillar());
                    }
                    if (country == null) {
                        unobligated(f, -f.amountCents(), f.fiscalYear(), account, null, null);
                    }
                }
                case Facts.RESCISSION -> {
                    if (country == null) {
                        unobligated(f, -f.amountCents(), f.fiscalYear(), f.account(), null, null);
                        add(f, PipelineFigure.RESCINDED, f.amountCents(), f.fiscalYear(), f.account(), null, null, null);
                    }
                }
                case Facts.REPROGRAMMING -> {
                    if (inScope(f.fromCountry())) {
                        unobligated(f, -f.amountCents(), f.fiscalYear(), f.account(), f.fromCountry(), f.fromPillar());
                        add(f, PipelineFigure.REPROGRAMMED_OUT, f.amountCents(), f.fiscalYear(), f.account(),
                                f.fromCountry(), f.fromPillar(), null);
                    }
                    if (f.toCountry() != null && inScope(f.toCountry())) {
                        unobligated(f, f.amountCents(), f.fiscalYear(), f.account(), f.toCountry(), f.toPillar());
                        add(f, PipelineFigure.REPROGRAMMED_IN, f.amountCents(), f.fiscalYear(), f.account(),
                                f.toCountry(), f.toPillar(), null);
                    }
                }
                case Facts.OBLIGATION, Facts.AMENDMENT -> {
                    if (inScope(f.country())) {
                        String account = accountOfGrant(f);
                        unobligated(f, -f.amountCents(), f.fiscalYear(), account, f.country(), f.pillar());
                        unliquidated(f, f.amountCents(), account);
                        grant(f, account).obligations.add(f);
                    }
                }
                case Facts.DISBURSEMENT, Facts.REVERSAL -> {
                    if (inScope(f.country())) {
                        String account = accountOfGrant(f);
                        add(f, PipelineFigure.DISBURSED, f.amountCents(), f.fiscalYear(), account, f.country(),
                                f.pillar(), f.agency());
                        unliquidated(f, -f.amountCents(), account);
                        grant(f, account).disbursedCents += f.amountCents();
                    }
                }
                default -> {
                    // requests and releases move no pipeline figure
                }
            }
        }
        grants.values().forEach(this::ages);
    }

    private boolean inScope(String factCountry) {
        return country == null || country.equals(factCountry);
    }

    private static boolean later(PipelineFact a, PipelineFact b) {
        int byTime = Comparator.nullsFirst(Comparator.<java.util.Date>naturalOrder()).compare(a.eventTime(), b.eventTime());
        return byTime != 0 ? byTime > 0 : a.offset() > b.offset();
    }

    private String accountOf(PipelineFact allocation) {
        return allocation.account() == null ? Account.UNSPLIT : allocation.account();
    }

    /** A grant's account is its allocation's; an allocation not known (yet) is taken as the year's unsplit one. */
    private String accountOfGrant(PipelineFact f) {
        PipelineFact allocation = allocations.get(f.allocationId());
        return allocation == null ? Account.UNSPLIT : accountOf(allocation);
    }

    private AccountPeriod period(int fiscalYear, String code) {
        return accounts.computeIfAbsent(accountKey(fiscalYear, code), k -> AccountPeriod.unknown(fiscalYear, code));
    }

    private void unobligated(PipelineFact f, long cents, int fiscalYear, String account, String c, String pillar) {
        AccountPeriod period = period(fiscalYear, account);
        if (period.closed(asOf)) {
            add(f, PipelineFigure.CANCELLED, cents, fiscalYear, account, c, pillar, null);
            return;
        }
        add(f, PipelineFigure.UNOBLIGATED, cents, fiscalYear, account, c, pillar, null);
        if (period.expired(asOf)) {
            add(f, PipelineFigure.EXPIRED_UNOBLIGATED, cents, fiscalYear, account, c, pillar, null);
        } else if (period.expiringWithin90Days(asOf)) {
            add(f, PipelineFigure.EXPIRING_WITHIN_90_DAYS, cents, fiscalYear, account, c, pillar, null);
        }
    }

    private void unliquidated(PipelineFact f, long cents, String account) {
        PipelineFigure figure = period(f.fiscalYear(), account).closed(asOf)
                ? PipelineFigure.CANCELLED : PipelineFigure.UNLIQUIDATED;
        add(f, figure, cents, f.fiscalYear(), account, f.country(), f.pillar(), f.agency());
    }

    private void add(PipelineFact f, PipelineFigure figure, long cents, int fiscalYear, String account, String c,
                     String pillar, String agency) {
        if (cents != 0) {
            contributions.add(new Contribution(f, figure, cents, fiscalYear, account, c, pillar, agency));
        }
    }

    private GrantLine grant(PipelineFact f, String account) {
        return grants.computeIfAbsent(f.grantId(), id -> new GrantLine(id, f.fiscalYear(), account, f.country(),
                f.pillar(), f.agency()));
    }

    /**
     * The age buckets of a grant's unliquidated obligations: each obligation is a tranche; a de-obligation takes from
     * the newest, disbursements from the oldest; what is left of each tranche is aged from its own date.
     */
    private void ages(GrantLine g) {
        g.obligations.stream().filter(o -> o.endDate() != null).findFirst()
                .ifPresent(o -> g.endDate = LocalDate.parse(o.endDate()));
        if (period(g.fiscalYear, g.account).closed(asOf)) {
            return;
        }
        List<long[]> tranches = new ArrayList<>();
        for (PipelineFact o : g.obligations) {
            long cents = o.amountCents();
            if (cents > 0) {
                tranches.add(new long[]{cents});
            } else {
                tranches.add(new long[]{0});
                for (int i = tranches.size() - 1; i >= 0 && cents < 0; i--) {
                    long take = Math.min(tranches.get(i)[0], -cents);
                    tranches.get(i)[0] -= take;
                    cents += take;
                }
            }
        }
        long toLiquidate = g.disbursedCents;
        for (int i = 0; i < tranches.size() && toLiquidate > 0; i++) {
            long take = Math.min(tranches.get(i)[0], toLiquidate);
            tranches.get(i)[0] -= take;
            toLiquidate -= take;
        }
        for (int i = 0; i < tranches.size(); i++) {
            PipelineFact o = g.obligations.get(i);
            int years = Period.between(o.date(), asOf).getYears();
            add(o, PipelineFigure.ageBucket(years), tranches.get(i)[0], g.fiscalYear, g.account, g.country,
                    g.pillar, g.agency);
        }
    }

    /** A grant's obligations and disbursements in the pipeline (for ages and the stale-grant list). */
    static final class GrantLine {
        final String grantId;
        final int fiscalYear;
        final String account;
        final String country;
        final String pillar;
        final String agency;
        final List<PipelineFact> obligations = new ArrayList<>();
        long disbursedCents;
        LocalDate endDate;

        GrantLine(String grantId, int fiscalYear, String account, String country, String pillar, String agency) {
            this.grantId = grantId;
            this.fiscalYear = fiscalYear;
            this.account = account;
            this.country = country;
            this.pillar = pillar;
            this.agency = agency;
        }

        long obligatedCents() {
            return obligations.stream().mapToLong(PipelineFact::amountCents).sum();
        }
    }
}
