package org.alliancetracker.grants.appropriation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.appropriation.Account;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.AppropriationRequested;
import org.alliancetracker.events.appropriation.Withholding;
import org.alliancetracker.events.appropriation.WithholdingReleased;
import org.alliancetracker.grants.account.AccountBook;
import org.alliancetracker.grants.account.StoredAccount;
import org.alliancetracker.grants.budget.BudgetYear;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.platform.web.ApiProblem;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Records requested and enacted appropriations. A stage only moves forward (REQUESTED → ENACTED); repeating the same
 * content changes nothing and publishes nothing; any other change is a new event, never a silent overwrite.
 */
@Service
public class Appropriations {

    private final BudgetYears years;
    private final AccountBook book;
    private final AppropriationViews views;

    public Appropriations(BudgetYears years, AccountBook book, AppropriationViews views) {
        this.years = years;
        this.book = book;
        this.views = views;
    }

    /** Emits the resulting view and whether anything changed (false for a repeat of the same content). */
    public Mono<Result> put(int fiscalYear, AppropriationRequest request) {
        validate(request);
        List<Account> accounts = AccountBook.requested(fiscalYear, request.amount(), request.accounts());
        return years.find(fiscalYear)
                .map(current -> update(fiscalYear, current, request, accounts))
                .switchIfEmpty(Mono.fromSupplier(() -> create(fiscalYear, request, accounts)))
                .flatMap(m -> m)
                // a concurrent change won the race on the version: decide again on what it left
                .retryWhen(Retry.max(5).filter(ConcurrentChange.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure())) // the last conflict: 409, not a 500
                .onErrorMap(ConcurrentChange.class, e -> concurrentModification());
    }

    private Mono<Result> create(int fiscalYear, AppropriationRequest request, List<Account> accounts) {
        long amountCents = Money.toCents(request.amount());
        Map<String, StoredWithholding> withholdings = withholdings(request, Map.of());
        long withheld = StoredWithholding.unreleasedCents(withholdings);
        boolean enacted = request.stage() == AppropriationStage.ENACTED;
        Bson change = Updates.combine(
                Updates.set(BudgetYear.STAGE, request.stage().name()),
                Updates.set(enacted ? BudgetYear.ENACTED : BudgetYear.REQUESTED, amount(amountCents, request.source())),
                Updates.set(StoredWithholding.MAP, StoredWithholding.document(withholdings)),
                Updates.set(BudgetYear.ALLOCATED, 0L),
                Updates.set(BudgetYear.AVAILABLE, enacted ? amountCents - withheld : 0L),
                Updates.set(BudgetYear.VERSION, 1L));
        if (enacted) {
            change = Updates.combine(change, Updates.set(StoredAccount.MAP, AccountBook.document(accounts)),
                    Updates.set(AppropriationView.RESCINDED, 0L));
        }
        return years.change(fiscalYear, Filters.exists(BudgetYear.STAGE, false), change,
                        List.of(event(fiscalYear, request, withholdings, accounts)), true)
                .map(doc -> new Result(views.of(doc), true, true))
                .onErrorMap(EventClaims::isDuplicateKey, e -> new ConcurrentChange());
    }

    private Mono<Result> update(int fiscalYear, Document current, AppropriationRequest request,
                                List<Account> accounts) {
        BudgetYear budget = years.read(current);
        AppropriationStage stage = budget.stage();
        if (stage == null) {
            return create(fiscalYear, request, accounts);
        }
        if (stage == AppropriationStage.ENACTED && request.stage() == AppropriationStage.REQUESTED) {
            throw new ApiProblem(HttpStatus.CONFLICT, "stage-regression", "Stage cannot go back",
                    "FY" + fiscalYear + " is already enacted; an enacted appropriation cannot return to REQUESTED")
                    .with("stage", stage.name());
        }
        Map<String, StoredWithholding> existingWithholdings = budget.withholdings();
        Map<String, StoredWithholding> withholdings = withholdings(request, existingWithholdings);
        long amountCents = Money.toCents(request.amount());
        boolean enacted = request.stage() == AppropriationStage.ENACTED;
        BudgetYear.Amount previous = enacted ? budget.enacted() : budget.requested();
        if (stage == request.stage() && previous != null && previous.cents() == amountCents
                && Objects.equals(previous.source(), request.source())
                && sameWithholdings(existingWithholdings, withholdings)
                && (!enacted || book.same(fiscalYear, current, accounts))) {
            return Mono.just(new Result(views.of(current), false, false));
        }
        // rescinded budget authority is gone: it counts like an allocation against what the enactment provides
        long allocated = budget.allocated() + budget.rescinded();
        // what the appropriation itself makes available (before allocations), before and after this change
        long before = stage == AppropriationStage.ENACTED
                ? budget.enacted().cents() - StoredWithholding.unreleasedCents(existingWithholdings)
                : 0L;
        long after = enacted ? amountCents - StoredWithholding.unreleasedCents(withholdings) : 0L;
        long delta = after - before;
        if (enacted && after - allocated < 0) {
            throw exceedsAvailable(fiscalYear, allocated);
        }
        long version = budget.currentVersion();
        // The version guards the appropriation's own fields (stage, amounts, withholdings). Allocations run
        // concurrently without touching it, so available moves by the delta ($inc), never by a value computed from
        // an allocated total that may already be stale, and a decrease must still leave it non-negative.
        List<Bson> conditions = new ArrayList<>(List.of(Filters.eq(BudgetYear.VERSION, version)));
        if (delta < 0) {
            conditions.add(Filters.gte(BudgetYear.AVAILABLE, -delta));
        }
        List<Bson> changes = new ArrayList<>(List.of(
                Updates.set(BudgetYear.STAGE, request.stage().name()),
                Updates.set(enacted ? BudgetYear.ENACTED : BudgetYear.REQUESTED, amount(amountCents, request.source())),
                Updates.set(StoredWithholding.MAP, StoredWithholding.document(withholdings)),
                Updates.inc(BudgetYear.AVAILABLE, delta),
                Updates.inc(BudgetYear.VERSION, 1L)));
        if (enacted) {
            AccountBook.Restatement restatement = book.restate(fiscalYear, current, accounts);
            conditions.addAll(restatement.conditions());
            changes.addAll(restatement.changes());
        }
        return years.change(fiscalYear, Filters.and(conditions), Updates.combine(changes),
                        List.of(event(fiscalYear, request, withholdings, accounts)), false)
                .map(doc -> new Result(views.of(doc), false, true))
                .switchIfEmpty(Mono.error(ConcurrentChange::new));
    }

    /**
     * Records the certification that releases a withholding ({@code WithholdingReleased}); for an enacted
     * appropriation its amount becomes available for allocation. A withholding is released once: a second
     * certification is refused.
     */
    public Mono<AppropriationView> certify(int fiscalYear, CertificationRequest request) {
        return years.find(fiscalYear)
                .filter(doc -> years.read(doc).stage() != null)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Appropriation", "FY" + fiscalYear)))
                .flatMap(current -> certify(fiscalYear, current, request))
                .retryWhen(Retry.max(5).filter(ConcurrentChange.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure())) // the last conflict: 409, not a 500
                .onErrorMap(ConcurrentChange.class, e -> concurrentModification());
    }

    private Mono<AppropriationView> certify(int fiscalYear, Document current, CertificationRequest request) {
        String id = request.withholdingId();
        BudgetYear budget = years.read(current);
        StoredWithholding withholding = budget.withholdings().get(id);
        if (withholding == null) {
            return Mono.error(ApiProblem.notFound("Withholding", id).with("fiscalYear", fiscalYear));
        }
        if (withholding.isReleased()) {
            return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "withholding-already-released",
                    "Withholding already released", "Withholding '" + id + "' of FY" + fiscalYear
                    + " was already certified on " + withholding.certifiedOn())
                    .with("withholdingId", id).with("certifiedOn", withholding.certifiedOn()));
        }
        long cents = withholding.amountCents();
        String released = StoredWithholding.path(id, StoredWithholding.RELEASED);
        String note = StoredWithholding.path(id, StoredWithholding.NOTE);
        Bson change = Updates.combine(
                Updates.set(released, true),
                Updates.set(StoredWithholding.path(id, StoredWithholding.CERTIFIED_ON),
                        request.certifiedOn().toString()),
                request.note() == null ? Updates.unset(note) : Updates.set(note, request.note()),
                // a requested appropriation makes nothing available yet; its enactment will count the release
                Updates.inc(BudgetYear.AVAILABLE, budget.isEnacted() ? cents : 0L),
                Updates.inc(BudgetYear.VERSION, 1L));
        var event = new WithholdingReleased(fiscalYear, id, Money.fromCents(cents), request.certifiedOn(),
                request.note());
        return years.change(fiscalYear,
                        Filters.and(Filters.eq(BudgetYear.VERSION, budget.currentVersion()),
                                Filters.eq(released, false)),
                        change, List.of(event), false)
                .map(views::of)
                .switchIfEmpty(Mono.error(ConcurrentChange::new));
    }

    private static ApiProblem exceedsAvailable(int fiscalYear, long allocated) {
        return new ApiProblem(HttpStatus.CONFLICT, "exceeds-available-funds", "Exceeds available funds",
                "FY" + fiscalYear + " already has " + Money.fromCents(allocated)
                        + " allocated, more than this appropriation would leave available")
                .with("fiscalYear", fiscalYear).with("allocated", Money.fromCents(allocated));
    }

    private static ApiProblem concurrentModification() {
        return new ApiProblem(HttpStatus.CONFLICT, "concurrent-modification", "Concurrent modification",
                "The appropriation changed concurrently; retry the request");
    }

    private static void validate(AppropriationRequest request) {
        var ids = new HashSet<String>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < request.withholdings().size(); i++) {
            var w = request.withholdings().get(i);
            if (!ids.add(w.id())) {
                throw ApiProblem.invalidField("withholdings[" + i + "].id", "duplicate withholding id '" + w.id() + "'");
            }
            total = total.add(w.percent());
        }
        if (total.compareTo(new BigDecimal("100")) > 0) {
            throw ApiProblem.invalidField("withholdings", "percentages add up to " + total + ", more than 100");
        }
    }

    /** The new withholdings; one already released must stay as it was (its money is already available). */
    private static Map<String, StoredWithholding> withholdings(AppropriationRequest request,
                                                               Map<String, StoredWithholding> existing) {
        Map<String, StoredWithholding> result = new LinkedHashMap<>();
        for (var w : request.withholdings()) {
            StoredWithholding before = existing.get(w.id());
            long cents = Money.toCents(Money.percentOf(request.amount(), w.percent()));
            if (before != null && before.isReleased()) {
                if (before.percentValue().compareTo(w.percent()) != 0 || before.amountCents() != cents) {
                    throw new ApiProblem(HttpStatus.CONFLICT, "withholding-already-released",
                            "Withholding already released", "Withholding '" + w.id()
                            + "' was already certified and released; it cannot change").with("withholdingId", w.id());
                }
                result.put(w.id(), before);
            } else {
                result.put(w.id(), StoredWithholding.unreleased(w.percent(), cents, w.condition()));
            }
        }
        for (var entry : existing.entrySet()) {
            if (!result.containsKey(entry.getKey()) && entry.getValue().isReleased()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "withholding-already-released",
                        "Withholding already released",
                        "Withholding '" + entry.getKey() + "' was already certified and released; it cannot be removed")
                        .with("withholdingId", entry.getKey());
            }
        }
        return result;
    }

    private static boolean sameWithholdings(Map<String, StoredWithholding> a, Map<String, StoredWithholding> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> e.getValue().sameTerms(b.get(e.getKey())));
    }

    private static Document amount(long cents, String source) {
        return StoredRecords.toDocument(new BudgetYear.Amount(cents, source));
    }

    private static AllianceEvent event(int fiscalYear, AppropriationRequest request,
                                       Map<String, StoredWithholding> withholdings, List<Account> accounts) {
        List<Withholding> list = withholdings.entrySet().stream().map(e -> e.getValue().event(e.getKey())).toList();
        BigDecimal amount = Money.normalize(request.amount());
        return request.stage() == AppropriationStage.ENACTED
                ? new AppropriationEnacted(fiscalYear, amount, request.source(), list, accounts)
                : new AppropriationRequested(fiscalYear, amount, request.source(), list);
    }

    /** The outcome of a PUT. */
    public record Result(AppropriationView view, boolean created, boolean changed) {
    }

    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super(null, null, false, false);
        }
    }
}
