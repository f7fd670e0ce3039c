package org.alliancetracker.grants.reprogramming;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.appropriation.AllocationRef;
import org.alliancetracker.events.appropriation.FundsReprogrammed;
import org.alliancetracker.grants.account.AccountBook;
import org.alliancetracker.grants.account.AccountProblems;
import org.alliancetracker.grants.account.StoredAccount;
import org.alliancetracker.grants.allocation.AllocationIds;
import org.alliancetracker.grants.allocation.StoredAllocation;
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
import reactor.util.retry.Retry;

/**
 * Moves unobligated funds between allocations of one account ({@code FundsReprogrammed}). One conditional update of
 * the year's document: the source allocation's amount must still be what was read and its obligations must leave
 * room for the amount ({@code obligatedCents ≤ amount − x}), the account must still be available on the effective
 * date, and the id must be new. Whoever loses a race on the amount decides again on what the winner left, so N
 * concurrent reprogrammings from one allocation accept exactly those that fit.
 */
@Service
public class Reprogrammings {

    private static final int RETRIES = 100;

    private final BudgetYears years;
    private final AccountBook book;
    private final Clock clock;

    public Reprogrammings(BudgetYears years, AccountBook book, Clock clock) {
        this.years = years;
        this.book = book;
        this.clock = clock;
    }

    public Mono<Result> reprogram(ReprogrammingRequest request) {
        if (request.to() == null && (request.destination() == null || request.destination().isBlank())) {
            throw ApiProblem.invalidField("destination", "must name where the funds go when there is no 'to'");
        }
        if (request.from().equals(request.to())) {
            throw ApiProblem.invalidField("to", "must be another allocation than 'from'");
        }
        LocalDate effectiveOn = request.effectiveOn() == null ? LocalDate.now(clock) : request.effectiveOn();
        if (request.notifiedOn().isAfter(effectiveOn)) {
            throw ApiProblem.invalidField("notifiedOn", "must not be after effectiveOn (" + effectiveOn + ")");
        }
        int fiscalYear = AllocationIds.fiscalYearOf(request.from())
                .orElseThrow(() -> ApiProblem.notFound("Allocation", request.from()));
        return Mono.defer(() -> years.find(fiscalYear))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Allocation", request.from())))
                .flatMap(year -> reprogram(request, fiscalYear, effectiveOn, year))
                .retryWhen(Retry.max(RETRIES).filter(ConcurrentChange.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure())) // the last conflict: 409, not a 500
                .onErrorMap(ConcurrentChange.class, e -> new ApiProblem(HttpStatus.CONFLICT,
                        "concurrent-modification", "Concurrent modification",
                        "Allocation " + request.from() + " changed concurrently; retry the request"));
    }

    private Mono<Result> reprogram(ReprogrammingRequest request, int fiscalYear, LocalDate effectiveOn,
                                   Document year) {
        StoredReprogramming existing = years.read(year).reprogrammings().get(request.id());
        StoredAllocation from = book.allocation(year, request.from());
        if (from == null) {
            return Mono.error(ApiProblem.notFound("Allocation", request.from()));
        }
        StoredAllocation to = null;
        if (request.to() != null) {
            to = book.allocation(year, request.to());
            if (to == null) {
                return Mono.error(AllocationIds.fiscalYearOf(request.to()).orElse(fiscalYear) != fiscalYear
                        ? ApiProblem.invalidField("to", "must be an allocation of FY" + fiscalYear + " like 'from'")
                        : ApiProblem.notFound("Allocation", request.to()));
            }
            if (!to.accountOrDefault().equals(from.accountOrDefault())) {
                return Mono.error(ApiProblem.invalidField("to", "is an allocation of account "
                        + to.accountOrDefault() + ", not of " + from.accountOrDefault()
                        + " like 'from'; funds cannot move between accounts"));
            }
        }
        String code = from.accountOrDefault();
        long cents = Money.toCents(request.amount());
        var stored = new StoredReprogramming(code, request.from(), request.to(), request.destination(), cents,
                request.notificationReference(), request.notifiedOn().toString(), effectiveOn.toString(),
                request.reason());
        if (existing != null) {
            // a retry of the same request answers as the first time did; another request with this id is refused
            if (existing.equals(stored)) {
                return Mono.just(new Result(ReprogrammingView.of(request.id(), fiscalYear, stored), false));
            }
            return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "reprogramming-exists", "Reprogramming exists",
                    "Reprogramming '" + request.id() + "' was already recorded with other content")
                    .with("id", request.id()));
        }
        StoredAccount account = book.accounts(fiscalYear, year).get(code);
        if (account != null && effectiveOn.isAfter(account.availableUntilDate())) {
            return Mono.error(AccountProblems.fundsExpired(fiscalYear, code, account.availableUntilDate(),
                    effectiveOn));
        }
        if (from.unobligatedCents() < cents) {
            return Mono.error(exceedsUnobligated(request.from(), from));
        }
        String fromPath = StoredAllocation.MAP + "." + request.from();
        List<Bson> conditions = new ArrayList<>(List.of(
                Filters.exists(StoredReprogramming.MAP + "." + request.id(), false),
                Filters.eq(fromPath + "." + StoredAllocation.AMOUNT, from.amountCents()),
                Filters.lte(fromPath + "." + StoredAllocation.OBLIGATED, from.amountCents() - cents)));
        List<Bson> changes = new ArrayList<>(List.of(
                Updates.inc(fromPath + "." + StoredAllocation.AMOUNT, -cents),
                Updates.inc(fromPath + "." + StoredAllocation.REPROGRAMMED_OUT, cents),
                Updates.set(StoredReprogramming.MAP + "." + request.id(), stored.toDocument())));
        if (to != null) {
            String toPath = StoredAllocation.MAP + "." + request.to();
            conditions.add(Filters.exists(toPath));
            changes.add(Updates.inc(toPath + "." + StoredAllocation.AMOUNT, cents));
            changes.add(Updates.inc(toPath + "." + StoredAllocation.REPROGRAMMED_IN, cents));
        } else {
            // out of the Plan: still allocated (to other programs), no longer to any of the three countries
            changes.add(Updates.inc(OUT_OF_PLAN, cents));
        }
        if (book.stored(year)) {
            conditions.add(Filters.gte(StoredAccount.path(code, StoredAccount.AVAILABLE_UNTIL),
                    effectiveOn.toString()));
        }
        var event = new FundsReprogrammed(request.id(), fiscalYear, code, ref(request.from(), from),
                to == null ? null : ref(request.to(), to), request.destination(), Money.normalize(request.amount()),
                request.notificationReference(), request.notifiedOn(), effectiveOn, request.reason());
        return years.change(fiscalYear, Filters.and(conditions), Updates.combine(changes), List.of(event), false)
                .map(doc -> new Result(ReprogrammingView.of(request.id(), fiscalYear, stored), true))
                // lost a race (amount changed, the id was taken, the account restated): decide again
                .switchIfEmpty(Mono.error(ConcurrentChange::new));
    }

    /** The reprogrammings of one year, or of every year when {@code fiscalYear} is null, by year and id. */
    public Flux<ReprogrammingView> list(Integer fiscalYear) {
        return years.findAll(fiscalYear).map(years::read).flatMapIterable(year ->
                year.reprogrammings().keySet().stream().sorted()
                        .map(id -> ReprogrammingView.of(id, year.fiscalYear(), year.reprogrammings().get(id)))
                        .toList());
    }

    /** What was reprogrammed out of the Plan in a year (cents), beside {@code allocatedCents}. */
    public static final String OUT_OF_PLAN = "reprogrammedOutOfPlanCents";

    private static AllocationRef ref(String id, StoredAllocation a) {
        return new AllocationRef(id, Country.valueOf(a.country()), Pillar.valueOf(a.pillar()));
    }

    private static ApiProblem exceedsUnobligated(String allocationId, StoredAllocation a) {
        var unobligated = Money.fromCents(a.unobligatedCents());
        return new ApiProblem(HttpStatus.CONFLICT, "exceeds-unobligated", "Exceeds unobligated funds",
                "Allocation " + allocationId + " has " + unobligated + " not obligated")
                .with("allocationId", allocationId).with("unobligated", unobligated);
    }

    /** The outcome of a POST: {@code created} false for a repeat of a recorded reprogramming. */
    public record Result(ReprogrammingView view, boolean created) {
    }

    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super(null, null, false, false);
        }
    }
}
