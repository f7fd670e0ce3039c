package org.alliancetracker.grants.rescission;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

import org.alliancetracker.events.appropriation.AppropriationRescinded;
import org.alliancetracker.grants.account.AccountBook;
import org.alliancetracker.grants.account.AccountProblems;
import org.alliancetracker.grants.account.StoredAccount;
import org.alliancetracker.grants.budget.BudgetYear;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cancels unallocated budget authority of an account ({@code AppropriationRescinded}): one update filtered on the
 * account's {@code unallocatedCents ≥ x} and the year's {@code availableCents ≥ x} (what is still withheld cannot be
 * rescinded before it is released) and on the id being new: pure conditions, exact under any concurrency.
 */
@Service
public class Rescissions {

    /** The year's total rescinded (cents), beside {@code allocatedCents}. */
    public static final String RESCINDED = "rescindedCents";

    private final BudgetYears years;
    private final AccountBook book;
    private final Clock clock;

    public Rescissions(BudgetYears years, AccountBook book, Clock clock) {
        this.years = years;
        this.book = book;
        this.clock = clock;
    }

    public Mono<Result> rescind(int fiscalYear, RescissionRequest request) {
        LocalDate on = request.rescindedOn() == null ? LocalDate.now(clock) : request.rescindedOn();
        long cents = Money.toCents(request.amount());
        return years.find(fiscalYear)
                .filter(doc -> years.read(doc).isEnacted())
                .switchIfEmpty(Mono.error(() -> new ApiProblem(HttpStatus.CONFLICT, "appropriation-not-enacted",
                        "No enacted appropriation", "FY" + fiscalYear + " has no enacted appropriation to rescind")
                        .with("fiscalYear", fiscalYear)))
                .flatMap(year -> {
                    Map<String, StoredAccount> accounts = book.accounts(fiscalYear, year);
                    String code = request.account();
                    if (code == null) {
                        if (accounts.size() != 1) {
                            return Mono.error(ApiProblem.invalidField("account", "FY" + fiscalYear
                                    + " has several accounts (" + String.join(", ", accounts.keySet()) + "); name one"));
                        }
                        code = accounts.keySet().iterator().next();
                    }
                    if (!accounts.containsKey(code)) {
                        return Mono.error(AccountProblems.unknownAccount("account", fiscalYear, code, accounts.keySet()));
                    }
                    var stored = new StoredRescission(code, cents, request.source(), on.toString());
                    StoredRescission existing = years.read(year).rescissions().get(request.id());
                    if (existing != null) {
                        return existing.equals(stored)
                                ? Mono.just(new Result(view(request.id(), fiscalYear, stored), false))
                                : Mono.error(new ApiProblem(HttpStatus.CONFLICT, "rescission-exists",
                                "Rescission exists", "Rescission '" + request.id()
                                + "' was already recorded with other content").with("id", request.id()));
                    }
                    if (!book.stored(year)) {
                        return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "accounts-not-recorded",
                                "Accounts not recorded", "FY" + fiscalYear + " was enacted before accounts existed;"
                                + " restate it (PUT) to record its accounts, then rescind").with("fiscalYear", fiscalYear));
                    }
                    String account = code;
                    var event = new AppropriationRescinded(request.id(), fiscalYear, code, Money.normalize(request.amount()),
                            request.source(), on);
                    return years.change(fiscalYear,
                                    Filters.and(Filters.exists(StoredRescission.MAP + "." + request.id(), false),
                                            Filters.gte(BudgetYear.AVAILABLE, cents),
                                            Filters.gte(StoredAccount.path(code, StoredAccount.UNALLOCATED), cents)),
                                    Updates.combine(
                                            Updates.inc(BudgetYear.AVAILABLE, -cents),
                                            Updates.inc(RESCINDED, cents),
                                            Updates.inc(StoredAccount.path(code, StoredAccount.UNALLOCATED), -cents),
                                            Updates.inc(StoredAccount.path(code, StoredAccount.RESCINDED), cents),
                                            Updates.set(StoredRescission.MAP + "." + request.id(), stored.toDocument())),
                                    java.util.List.of(event), false)
                            .map(doc -> new Result(view(request.id(), fiscalYear, stored), true))
                            .switchIfEmpty(Mono.defer(() -> refusal(fiscalYear, account, request)));
                });
    }

    /** Why a rescission did not fit, from the year as it is now (a concurrent repeat of the same id answers 200). */
    private Mono<Result> refusal(int fiscalYear, String code, RescissionRequest request) {
        return years.find(fiscalYear).map(years::read).flatMap(year -> {
            if (year.rescissions().containsKey(request.id())) {
                return rescind(fiscalYear, request);
            }
            StoredAccount account = book.accounts(fiscalYear, year).get(code);
            long room = Math.min(account.unallocatedCents(), year.available());
            var unallocated = Money.fromCents(room);
            return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "exceeds-unobligated", "Exceeds unobligated funds",
                    "Account " + code + " of FY" + fiscalYear + " has " + unallocated
                            + " neither allocated nor withheld; only that can be rescinded")
                    .with("fiscalYear", fiscalYear).with("account", code).with("unobligated", unallocated));
        });
    }

    public Flux<RescissionView> list(int fiscalYear) {
        return years.find(fiscalYear).map(years::read).flatMapIterable(year ->
                year.rescissions().keySet().stream().sorted()
                        .map(id -> view(id, fiscalYear, year.rescissions().get(id)))
                        .toList());
    }

    private static RescissionView view(String id, int fiscalYear, StoredRescission r) {
        return new RescissionView(id, fiscalYear, r.account(), Money.fromCents(r.amountCents()), r.source(),
                LocalDate.parse(r.rescindedOn()));
    }

    public record RescissionView(String id, int fiscalYear, String account, BigDecimal amount, String source,
                                 LocalDate rescindedOn) {
    }

    public record Result(RescissionView view, boolean created) {
    }
}
