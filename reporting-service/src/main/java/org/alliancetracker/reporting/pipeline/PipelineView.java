package org.alliancetracker.reporting.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.alliancetracker.platform.money.Money;

/**
 * Where the money of a country (or of the Alliance) stands in the pipeline as of the end of {@code asOf}, as the
 * tracker knew it at {@code knownAt} (null: everything recorded so far).
 */
public record PipelineView(String scope, LocalDate asOf, Instant knownAt, PipelineFigures totals,
                           Map<String, PipelineFigures> byFiscalYear, List<AccountLine> byAccount,
                           Map<String, PipelineFigures> byPillar, Map<String, PipelineFigures> byAgency,
                           Map<String, PipelineFigures> byCountry, List<ExpiringAccount> expiringSoon,
                           List<StaleGrant> staleGrants) {

    /** Pillar key of funds never allocated to a country and pillar (Alliance level). */
    public static final String UNALLOCATED = "UNALLOCATED";

    public record AccountLine(int fiscalYear, String account, LocalDate availableUntil, LocalDate closesOn,
                              String status, PipelineFigures figures) {
    }

    public record ExpiringAccount(int fiscalYear, String account, LocalDate availableUntil, long daysLeft,
                                  BigDecimal unobligated) {
    }

    /** A grant past its end date with money still undisbursed ({@code cancelled}: its account has closed). */
    public record StaleGrant(String grantId, String country, int fiscalYear, String account, String agency,
                             LocalDate endDate, BigDecimal obligated, BigDecimal disbursed, BigDecimal undisbursed,
                             boolean cancelled) {
    }

    static PipelineView of(String scope, Instant knownAt, PipelineCalculator calc) {
        List<Contribution> all = calc.contributions();
        LocalDate asOf = calc.asOf();
        List<AccountLine> accounts = calc.accounts().values().stream()
                .sorted(Comparator.comparingInt(AccountPeriod::fiscalYear).thenComparing(AccountPeriod::code))
                .map(a -> new AccountLine(a.fiscalYear(), a.code(), a.availableUntil(), a.closesOn(),
                        a.status(asOf), PipelineFigures.sum(all.stream().filter(c -> c.fiscalYear() == a.fiscalYear()
                        && a.code().equals(c.account())).toList())))
                .filter(line -> all.stream().anyMatch(c -> c.fiscalYear() == line.fiscalYear()
                        && line.account().equals(c.account())))
                .toList();
        List<ExpiringAccount> expiring = accounts.stream()
                .filter(a -> a.figures().expiringWithin90Days().signum() > 0)
                .map(a -> new ExpiringAccount(a.fiscalYear(), a.account(), a.availableUntil(),
                        ChronoUnit.DAYS.between(asOf, a.availableUntil()), a.figures().expiringWithin90Days()))
                .toList();
        List<StaleGrant> stale = calc.grants().stream()
                .filter(g -> g.endDate != null && g.endDate.isBefore(asOf) && g.obligatedCents() > g.disbursedCents)
                .sorted(Comparator.comparing((PipelineCalculator.GrantLine g) -> g.endDate)
                        .thenComparing(g -> g.grantId))
                .map(g -> new StaleGrant(g.grantId, g.country, g.fiscalYear, g.account, g.agency, g.endDate,
                        Money.fromCents(g.obligatedCents()), Money.fromCents(g.disbursedCents),
                        Money.fromCents(g.obligatedCents() - g.disbursedCents),
                        calc.accounts().get(PipelineCalculator.accountKey(g.fiscalYear, g.account)).closed(asOf)))
                .toList();
        return new PipelineView(scope, asOf, knownAt, PipelineFigures.sum(all),
                group(all, c -> Integer.toString(c.fiscalYear())), accounts,
                group(all, c -> c.pillar() == null ? UNALLOCATED : c.pillar()),
                group(all.stream().filter(c -> c.agency() != null).toList(), Contribution::agency),
                scope.length() == 2 ? null : group(all.stream().filter(c -> c.country() != null).toList(),
                        Contribution::country),
                expiring, stale);
    }

    private static Map<String, PipelineFigures> group(List<Contribution> contributions,
                                                      Function<Contribution, String> key) {
        return contributions.stream().filter(c -> Objects.nonNull(key.apply(c)))
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()))
                .entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> PipelineFigures.sum(e.getValue()),
                        (a, b) -> a, TreeMap::new));
    }
}
