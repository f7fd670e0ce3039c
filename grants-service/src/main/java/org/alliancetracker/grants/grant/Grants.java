package org.alliancetracker.grants.grant;

import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.grants.account.AccountBook;
import org.alliancetracker.grants.account.AccountProblems;
import org.alliancetracker.grants.account.StoredAccount;
import org.alliancetracker.grants.allocation.AllocationIds;
import org.alliancetracker.grants.allocation.StoredAllocation;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.web.ApiProblem;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Awards grants against allocations. Σ obligations of an allocation ≤ the allocation is one conditional update of the
 * year's document, which also adds the grant and its {@code GrantAwarded} event.
 */
@Service
public class Grants {

    /** An award retries this often when a reprogramming of its allocation won the race. */
    private static final int RETRIES = 100;

    private final BudgetYears years;
    private final GrantIds ids;
    private final Classification classification;
    private final AccountBook book;

    public Grants(BudgetYears years, GrantIds ids, Classification classification, AccountBook book) {
        this.years = years;
        this.ids = ids;
        this.classification = classification;
        this.book = book;
    }

    public Mono<GrantView> award(GrantRequest request) {
        if (request.endDate().isBefore(request.startDate())) {
            throw ApiProblem.invalidField("endDate", "must not be before startDate");
        }
        List<SectorShare> sectors = classification.sectors(request.sectors(), "sectors");
        List<ImplementingPartner> partners = classification.partners(request.partners(), "partners");
        int fiscalYear = AllocationIds.fiscalYearOf(request.allocationId())
                .orElseThrow(() -> ApiProblem.notFound("Allocation", request.allocationId()));
        LocalDate obligatedOn = request.obligatedOn() == null ? request.startDate() : request.obligatedOn();
        return Mono.defer(() -> years.find(fiscalYear))
                .filter(doc -> book.allocation(doc, request.allocationId()) != null)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Allocation", request.allocationId())))
                .flatMap(year -> {
                    StoredAllocation stored = book.allocation(year, request.allocationId());
                    StoredAccount account = book.accounts(fiscalYear, year).get(stored.accountOrDefault());
                    if (account != null && obligatedOn.isAfter(account.availableUntilDate())) {
                        return Mono.error(AccountProblems.fundsExpired(fiscalYear, stored.accountOrDefault(),
                                account.availableUntilDate(), obligatedOn));
                    }
                    LocalDate closesOn = account == null ? null : account.closesOnDate();
                    return ids.bind(request.id(), fiscalYear)
                            .then(award(request, fiscalYear, stored, obligatedOn, closesOn, sectors, partners));
                })
                // a reprogramming changed the allocation's amount between the read and the update: decide again
                .retryWhen(Retry.max(RETRIES).filter(ConcurrentChange.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure())) // the last conflict: 409, not a 500
                .onErrorMap(ConcurrentChange.class, e -> new ApiProblem(HttpStatus.CONFLICT,
                        "concurrent-modification", "Concurrent modification", "Allocation " + request.allocationId()
                        + " changed concurrently; retry the request").with("allocationId", request.allocationId()));
    }

    private Mono<GrantView> award(GrantRequest request, int fiscalYear, StoredAllocation stored,
                                  LocalDate obligatedOn, LocalDate closesOn, List<SectorShare> sectors,
                                  List<ImplementingPartner> partners) {
        long cents = Money.toCents(request.obligatedAmount());
        String allocationField = StoredAllocation.MAP + "." + request.allocationId();
        StoredGrant grant = new StoredGrant(request.allocationId(), fiscalYear, Country.valueOf(stored.country()),
                Pillar.valueOf(stored.pillar()), request.agency(), request.title(), cents,
                request.startDate().toString(), request.endDate().toString(), obligatedOn.toString(),
                GrantStatus.ACTIVE, stored.accountOrDefault(), 0L,
                List.of(StoredGrantChange.of(GrantChange.AWARDED, obligatedOn, null, cents)), sectors, partners);
        var event = new GrantAwarded(grant.ref(request.id()), request.title(),
                Money.normalize(request.obligatedAmount()), request.startDate(), request.endDate(), obligatedOn,
                sectors, partners, closesOn);
        // remaining = amount - obligated >= cents, written as obligated <= amount - cents on the stored amount
        long maxObligatedBefore = stored.amountCents() - cents;
        return years.change(fiscalYear,
                        Filters.and(Filters.exists(StoredGrant.path(request.id()), false),
                                Filters.eq(allocationField + "." + StoredAllocation.AMOUNT, stored.amountCents()),
                                Filters.lte(allocationField + "." + StoredAllocation.OBLIGATED, maxObligatedBefore)),
                        Updates.combine(
                                Updates.inc(allocationField + "." + StoredAllocation.OBLIGATED, cents),
                                Updates.set(StoredGrant.path(request.id()), grant.toDocument())),
                        List.of(event), false)
                .map(doc -> GrantView.of(request.id(), grant))
                .switchIfEmpty(Mono.defer(() -> refusal(request, fiscalYear, stored.amountCents())));
    }

    public Mono<GrantView> find(String grantId) {
        return locate(grantId).map(found -> GrantView.of(grantId, found.grant()));
    }

    /** The grants matching every given criterion (null = any), by fiscal year, then id. */
    public Flux<GrantView> list(Integer fiscalYear, Country country, String agency, GrantStatus status) {
        return years.findAll(fiscalYear)
                .flatMapIterable(doc -> doc.get(StoredGrant.MAP, new Document()).keySet().stream()
                        .sorted()
                        .map(id -> GrantView.of(id, StoredGrant.in(doc, id)))
                        .filter(g -> country == null || g.country() == country)
                        .filter(g -> agency == null || g.agency().equals(agency))
                        .filter(g -> status == null || g.status() == status)
                        .toList());
    }

    /** The grant and the fiscal year whose document holds it; 404 when there is no such grant. */
    Mono<Located> locate(String grantId) {
        return ids.fiscalYearOf(grantId)
                .flatMap(fiscalYear -> years.find(fiscalYear)
                        .mapNotNull(doc -> {
                            StoredGrant grant = StoredGrant.in(doc, grantId);
                            return grant == null ? null : new Located(fiscalYear, doc, grant);
                        }))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Grant", grantId)));
    }

    /** A grant, its fiscal year and the whole year's document as read together. */
    record Located(int fiscalYear, Document year, StoredGrant grant) {
    }

    private Mono<GrantView> refusal(GrantRequest request, int fiscalYear, long amountRead) {
        return years.find(fiscalYear).flatMap(doc -> {
            if (StoredGrant.in(doc, request.id()) != null) {
                return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "grant-exists", "Grant already exists",
                        "Grant '" + request.id() + "' already exists").with("grantId", request.id()));
            }
            StoredAllocation allocation = book.allocation(doc, request.allocationId());
            if (allocation.amountCents() != amountRead) {
                return Mono.error(new ConcurrentChange());
            }
            var remaining = Money.fromCents(allocation.unobligatedCents());
            return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "exceeds-allocation", "Exceeds allocation",
                    "Allocation " + request.allocationId() + " has " + remaining + " not yet obligated")
                    .with("allocationId", request.allocationId()).with("remaining", remaining));
        });
    }

    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super(null, null, false, false);
        }
    }
}
