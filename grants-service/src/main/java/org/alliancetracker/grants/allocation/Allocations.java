package org.alliancetracker.grants.allocation;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.grants.account.AccountBook;
import org.alliancetracker.grants.account.AccountProblems;
import org.alliancetracker.grants.account.StoredAccount;
import org.alliancetracker.grants.appropriation.AppropriationStage;
import org.alliancetracker.grants.budget.BudgetYear;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.web.ApiProblem;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Assigns part of an enacted appropriation's account to a country and pillar. The rules Σ allocations ≤ enacted −
 * withheld and Σ allocations of an account ≤ the account, within its period of availability, are one conditional
 * update on the year's {@code availableCents} and the account's {@code unallocatedCents}: however many requests race,
 * exactly those that fit are accepted.
 */
@Service
public class Allocations {

    private static final Comparator<AllocationView> ORDER = Comparator.comparing(AllocationView::country)
            .thenComparing(AllocationView::pillar).thenComparing(AllocationView::id);

    private final BudgetYears years;
    private final AccountBook book;
    private final Clock clock;

    public Allocations(BudgetYears years, AccountBook book, Clock clock) {
        this.years = years;
        this.book = book;
        this.clock = clock;
    }

    public Mono<AllocationView> allocate(AllocationRequest request) {
        int fiscalYear = request.fiscalYear();
        LocalDate on = request.allocatedOn() == null ? LocalDate.now(clock) : request.allocatedOn();
        return years.find(fiscalYear)
                .filter(doc -> years.read(doc).isEnacted())
                .flatMap(doc -> allocate(request, on, doc))
                .switchIfEmpty(Mono.defer(() -> refusal(fiscalYear)));
    }

    private Mono<AllocationView> allocate(AllocationRequest request, LocalDate on, Document year) {
        int fiscalYear = request.fiscalYear();
        long cents = Money.toCents(request.amount());
        Map<String, StoredAccount> accounts = book.accounts(fiscalYear, year);
        String code = request.account();
        if (code == null) {
            if (accounts.size() != 1) {
                return Mono.error(ApiProblem.invalidField("account", "FY" + fiscalYear + " has several accounts ("
                        + String.join(", ", accounts.keySet()) + "); name one"));
            }
            code = accounts.keySet().iterator().next();
        }
        StoredAccount account = accounts.get(code);
        if (account == null) {
            return Mono.error(AccountProblems.unknownAccount("account", fiscalYear, code, accounts.keySet()));
        }
        if (on.isAfter(account.availableUntilDate())) {
            return Mono.error(AccountProblems.fundsExpired(fiscalYear, code, account.availableUntilDate(), on));
        }
        String id = AllocationIds.next(fiscalYear, request.country(), request.pillar());
        StoredAllocation allocation = new StoredAllocation(fiscalYear, request.country().name(),
                request.pillar().name(), cents, 0L, on.toString(), code);
        var event = new AllocationMade(id, fiscalYear, request.country(), request.pillar(),
                Money.normalize(request.amount()), on, code);
        List<Bson> conditions = new ArrayList<>(List.of(
                Filters.eq(BudgetYear.STAGE, AppropriationStage.ENACTED.name()),
                Filters.gte(BudgetYear.AVAILABLE, cents)));
        List<Bson> changes = new ArrayList<>(List.of(
                Updates.inc(BudgetYear.AVAILABLE, -cents),
                Updates.inc(BudgetYear.ALLOCATED, cents),
                Updates.set(StoredAllocation.MAP + "." + id, document(allocation))));
        if (book.stored(year)) {
            // the account's own limit and period, as pure conditions on what is stored now
            conditions.add(Filters.gte(StoredAccount.path(code, StoredAccount.UNALLOCATED), cents));
            conditions.add(Filters.gte(StoredAccount.path(code, StoredAccount.AVAILABLE_UNTIL), on.toString()));
            changes.add(Updates.inc(StoredAccount.path(code, StoredAccount.UNALLOCATED), -cents));
            changes.add(Updates.inc(StoredAccount.path(code, StoredAccount.ALLOCATED), cents));
        }
        String chosen = code;
        return years.change(fiscalYear, Filters.and(conditions), Updates.combine(changes), List.of(event), false)
                .map(doc -> AllocationView.of(id, allocation))
                .switchIfEmpty(Mono.defer(() -> accountRefusal(fiscalYear, chosen, cents, on)));
    }

    private static Document document(StoredAllocation a) {
        return new Document("fiscalYear", a.fiscalYear())
                .append("country", a.country())
                .append("pillar", a.pillar())
                .append(StoredAllocation.AMOUNT, a.amountCents())
                .append(StoredAllocation.OBLIGATED, a.obligatedCents())
                .append("allocatedOn", a.allocatedOn())
                .append(StoredAllocation.ACCOUNT, a.account());
    }

    /** Why an allocation from an account did not fit, from the year as it is now. */
    private Mono<AllocationView> accountRefusal(int fiscalYear, String code, long cents, LocalDate on) {
        return years.find(fiscalYear).flatMap(doc -> {
            StoredAccount account = book.accounts(fiscalYear, doc).get(code);
            if (account != null && on.isAfter(account.availableUntilDate())) {
                return Mono.error(AccountProblems.fundsExpired(fiscalYear, code, account.availableUntilDate(), on));
            }
            if (account != null && book.stored(doc) && account.unallocatedCents() < cents) {
                return Mono.error(AccountProblems.exceedsAccount(fiscalYear, code, account.unallocatedCents()));
            }
            return refusal(fiscalYear);
        });
    }

    public Mono<AllocationView> find(String id) {
        var fiscalYear = AllocationIds.fiscalYearOf(id);
        if (fiscalYear.isEmpty()) {
            return Mono.error(ApiProblem.notFound("Allocation", id));
        }
        return years.find(fiscalYear.getAsInt())
                .mapNotNull(doc -> book.allocation(doc, id))
                .map(allocation -> AllocationView.of(id, allocation))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Allocation", id)));
    }

    /** The allocations matching every given criterion (null = any), by fiscal year, then country, pillar and id. */
    public Flux<AllocationView> list(Integer fiscalYear, Country country, Pillar pillar) {
        return years.findAll(fiscalYear)
                .flatMapIterable(doc -> {
                    Map<String, StoredAllocation> allocations = book.allocations(doc);
                    return allocations.keySet().stream()
                            .map(id -> AllocationView.of(id, allocations.get(id)))
                            .filter(a -> country == null || a.country() == country)
                            .filter(a -> pillar == null || a.pillar() == pillar)
                            .sorted(ORDER)
                            .toList();
                });
    }

    /** Why an allocation did not fit, from the year as it is now. */
    private Mono<AllocationView> refusal(int fiscalYear) {
        return years.find(fiscalYear)
                .map(years::read)
                .filter(year -> year.stage() != null)
                .switchIfEmpty(Mono.error(() -> new ApiProblem(HttpStatus.CONFLICT, "appropriation-not-enacted",
                        "No enacted appropriation", "FY" + fiscalYear + " has no appropriation yet")
                        .with("fiscalYear", fiscalYear)))
                .flatMap(year -> {
                    if (!year.isEnacted()) {
                        return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "appropriation-not-enacted",
                                "No enacted appropriation", "FY" + fiscalYear + " is only " + year.stage()
                                + "; allocations need an enacted appropriation").with("fiscalYear", fiscalYear));
                    }
                    var available = Money.fromCents(year.available());
                    return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "exceeds-available-funds",
                            "Exceeds available funds", "FY" + fiscalYear + " has " + available
                            + " available (enacted minus still withheld minus allocated)")
                            .with("fiscalYear", fiscalYear).with("available", available));
                });
    }
}
