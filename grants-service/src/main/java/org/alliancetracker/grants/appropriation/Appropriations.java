package org.alliancetracker.grants.appropriation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
                .retryWhen(Retry.max(5).filter(ConcurrentChange.class::isInstance))
                .onErrorMap(ConcurrentChange.class, e -> concurrentModification());
    }

    private Mono<Result> create(int fiscalYear, AppropriationRequest request, List<Account> accounts) {
        long amountCents = Money.toCents(request.amount());
        Document withholdings = withholdingsDocument(request, new Document());
        long withheld = unreleasedCents(withholdings);
        boolean enacted = request.stage() == AppropriationStage.ENACTED;
        Bson change = Updates.combine(
                Updates.set("stage", request.stage().name()),
                Updates.set(enacted ? "enacted" : "requested", amount(amountCents, request.source())),
                Updates.set("withholdings", withholdings),
                Updates.set("allocatedCents", 0L),
                Updates.set("availableCents", enacted ? amountCents - withheld : 0L),
                Updates.set("version", 1L));
        if (enacted) {
            change = Updates.combine(change, Updates.set(StoredAccount.MAP, AccountBook.document(accounts)),
                    Updates.set(AppropriationView.RESCINDED, 0L));
        }
        return years.change(fiscalYear, Filters.exists("stage", false), change,
                        List.of(event(fiscalYear, request, withholdings, accounts)), true)
                .map(doc -> new Result(views.of(doc), true, true))
                .onErrorMap(EventClaims::isDuplicateKey, e -> new ConcurrentChange());
    }

    private Mono<Result> update(int fiscalYear, Document current, AppropriationRequest request,
                                List<Account> accounts) {
        if (!current.containsKey("stage")) {
            return create(fiscalYear, request, accounts);
        }
        AppropriationStage stage = AppropriationStage.valueOf(current.getString("stage"));
        if (stage == AppropriationStage.ENACTED && request.stage() == AppropriationStage.REQUESTED) {
            throw new ApiProblem(HttpStatus.CONFLICT, "stage-regression", "Stage cannot go back",
                    "FY" + fiscalYear + " is already enacted; an enacted appropriation cannot return to REQUESTED")
                    .with("stage", stage.name());
        }
        Document existingWithholdings = current.get("withholdings", new Document());
        Document withholdings = withholdingsDocument(request, existingWithholdings);
        long amountCents = Money.toCents(request.amount());
        boolean enacted = request.stage() == AppropriationStage.ENACTED;
        Document previous = current.get(enacted ? "enacted" : "requested", Document.class);
        if (stage == request.stage() && previous != null && previous.getLong("amountCents") == amountCents
                && Objects.equals(previous.getString("source"), request.source())
                && sameWithholdings(existingWithholdings, withholdings)
                && (!enacted || book.same(fiscalYear, current, accounts))) {
            return Mono.just(new Result(views.of(current), false, false));
        }
        // rescinded budget authority is gone: it counts like an allocation against what the enactment provides
        BudgetYear budget = years.read(current);
        long allocated = budget.allocated() + budget.rescinded();
        // what the appropriation itself makes available (before allocations), before and after this change
        long before = stage == AppropriationStage.ENACTED
                ? current.get("enacted", Document.class).getLong("amountCents") - unreleasedCents(existingWithholdings)
                : 0L;
        long after = enacted ? amountCents - unreleasedCents(withholdings) : 0L;
        long delta = after - before;
        if (enacted && after - allocated < 0) {
            throw exceedsAvailable(fiscalYear, allocated);
        }
        long version = current.get("version", 0L);
        // The version guards the appropriation's own fields (stage, amounts, withholdings). Allocations run
        // concurrently without touching it, so available moves by the delta ($inc), never by a value computed from
        // an allocated total that may already be stale, and a decrease must still leave it non-negative.
        List<Bson> conditions = new ArrayList<>(List.of(Filters.eq("version", version)));
        if (delta < 0) {
            conditions.add(Filters.gte("availableCents", -delta));
        }
        List<Bson> changes = new ArrayList<>(List.of(
                Updates.set("stage", request.stage().name()),
                Updates.set(enacted ? "enacted" : "requested", amount(amountCents, request.source())),
                Updates.set("withholdings", withholdings),
                Updates.inc("availableCents", delta),
                Updates.inc("version", 1L)));
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
                .filter(doc -> doc.containsKey("stage"))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Appropriation", "FY" + fiscalYear)))
                .flatMap(current -> certify(fiscalYear, current, request))
                .retryWhen(Retry.max(5).filter(ConcurrentChange.class::isInstance))
                .onErrorMap(ConcurrentChange.class, e -> concurrentModification());
    }

    private Mono<AppropriationView> certify(int fiscalYear, Document current, CertificationRequest request) {
        String id = request.withholdingId();
        Document withholding = current.get("withholdings", new Document()).get(id, Document.class);
        if (withholding == null) {
            return Mono.error(ApiProblem.notFound("Withholding", id).with("fiscalYear", fiscalYear));
        }
        if (withholding.getBoolean("released", false)) {
            return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "withholding-already-released",
                    "Withholding already released", "Withholding '" + id + "' of FY" + fiscalYear
                    + " was already certified on " + withholding.getString("certifiedOn"))
                    .with("withholdingId", id).with("certifiedOn", withholding.getString("certifiedOn")));
        }
        long cents = withholding.getLong("amountCents");
        boolean enacted = AppropriationStage.ENACTED.name().equals(current.getString("stage"));
        String field = "withholdings." + id;
        Bson change = Updates.combine(
                Updates.set(field + ".released", true),
                Updates.set(field + ".certifiedOn", request.certifiedOn().toString()),
                request.note() == null ? Updates.unset(field + ".note") : Updates.set(field + ".note", request.note()),
                // a requested appropriation makes nothing available yet; its enactment will count the release
                Updates.inc("availableCents", enacted ? cents : 0L),
                Updates.inc("version", 1L));
        var event = new WithholdingReleased(fiscalYear, id, Money.fromCents(cents), request.certifiedOn(),
                request.note());
        return years.change(fiscalYear,
                        Filters.and(Filters.eq("version", current.get("version", 0L)), Filters.eq(field + ".released", false)),
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
    private static Document withholdingsDocument(AppropriationRequest request, Document existing) {
        Document result = new Document();
        for (var w : request.withholdings()) {
            Document before = existing.get(w.id(), Document.class);
            long cents = Money.toCents(Money.percentOf(request.amount(), w.percent()));
            if (before != null && before.getBoolean("released", false)) {
                if (new BigDecimal(before.getString("percent")).compareTo(w.percent()) != 0
                        || before.getLong("amountCents") != cents) {
                    throw new ApiProblem(HttpStatus.CONFLICT, "withholding-already-released",
                            "Withholding already released", "Withholding '" + w.id()
                            + "' was already certified and released; it cannot change").with("withholdingId", w.id());
                }
                result.put(w.id(), before);
            } else {
                result.put(w.id(), new Document("percent", w.percent().toPlainString()).append("amountCents", cents)
                        .append("condition", w.condition()).append("released", false));
            }
        }
        for (String id : existing.keySet()) {
            if (!result.containsKey(id) && existing.get(id, Document.class).getBoolean("released", false)) {
                throw new ApiProblem(HttpStatus.CONFLICT, "withholding-already-released",
                        "Withholding already released",
                        "Withholding '" + id + "' was already certified and released; it cannot be removed")
                        .with("withholdingId", id);
            }
        }
        return result;
    }

    private static boolean sameWithholdings(Document a, Document b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String id : a.keySet()) {
            Document x = a.get(id, Document.class);
            Document y = b.get(id, Document.class);
            if (!Objects.equals(x.getString("percent"), y.getString("percent"))
                    || !Objects.equals(x.getString("condition"), y.getString("condition"))
                    || x.getLong("amountCents").longValue() != y.getLong("amountCents").longValue()) {
                return false;
            }
        }
        return true;
    }

    private static long unreleasedCents(Document withholdings) {
        long total = 0;
        for (String id : withholdings.keySet()) {
            Document w = withholdings.get(id, Document.class);
            if (!w.getBoolean("released", false)) {
                total += w.getLong("amountCents");
            }
        }
        return total;
    }

    private static Document amount(long cents, String source) {
        return new Document("amountCents", cents).append("source", source);
    }

    private static AllianceEvent event(int fiscalYear, AppropriationRequest request, Document withholdings,
                                       List<Account> accounts) {
        List<Withholding> list = new ArrayList<>();
        for (String id : withholdings.keySet()) {
            Document w = withholdings.get(id, Document.class);
            list.add(new Withholding(id, new BigDecimal(w.getString("percent")), Money.fromCents(w.getLong("amountCents")),
                    w.getString("condition")));
        }
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
