package org.alliancetracker.grants.grant;

import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
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
import org.alliancetracker.platform.store.StoredRecords;
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
                .retryWhen(Retry.max(RETRIES).filter(ConcurrentChange.class::isInstance))
                .onErrorMap(ConcurrentChange.class, e -> new ApiProblem(HttpStatus.CONFLICT,
                        "concurrent-modification", "Concurrent modification", "Allocation " + request.allocationId()
                        + " changed concurrently; retry the request").with("allocationId", request.allocationId()));
    }

    private Mono<GrantView> award(GrantRequest request, int fiscalYear, StoredAllocation stored,
                                  LocalDate obligatedOn, LocalDate closesOn, List<SectorShare> sectors,
                                  List<ImplementingPartner> partners) {
        long cents = Money.toCents(request.obligatedAmount());
        String allocationField = "allocations." + request.allocationId();
        Country country = Country.valueOf(stored.country());
        Pillar pillar = Pillar.valueOf(stored.pillar());
        Document grant = new Document("allocationId", request.allocationId())
                .append("fiscalYear", fiscalYear)
                .append("country", country.name())
                .append("pillar", pillar.name())
                .append("agency", request.agency())
                .append("title", request.title())
                .append("obligatedCents", cents)
                .append("startDate", request.startDate().toString())
                .append("endDate", request.endDate().toString())
                .append("obligatedOn", obligatedOn.toString())
                .append("status", GrantStatus.ACTIVE.name())
                .append(StoredAllocation.ACCOUNT, stored.accountOrDefault())
                .append("disbursedCents", 0L)
                .append("history", List.of(GrantView.historyEntry(GrantChange.AWARDED, obligatedOn, null, cents)))
                .append(GrantView.SECTORS, StoredRecords.toDocuments(sectors == null ? List.of() : sectors))
                .append(GrantView.PARTNERS, StoredRecords.toDocuments(partners == null ? List.of() : partners));
        var ref = new GrantRef(request.id(), request.allocationId(), fiscalYear, country, pillar, request.agency());
        var event = new GrantAwarded(ref, request.title(), Money.normalize(request.obligatedAmount()),
                request.startDate(), request.endDate(), obligatedOn, sectors, partners, closesOn);
        // remaining = amount - obligated >= cents, written as obligated <= amount - cents on the stored amount
        long maxObligatedBefore = stored.amountCents() - cents;
        return years.change(fiscalYear,
                        Filters.and(Filters.exists("grants." + request.id(), false),
                                Filters.eq(allocationField + "." + StoredAllocation.AMOUNT, stored.amountCents()),
                                Filters.lte(allocationField + ".obligatedCents", maxObligatedBefore)),
                        Updates.combine(
                                Updates.inc(allocationField + ".obligatedCents", cents),
                                Updates.set("grants." + request.id(), grant)),
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
                .flatMapIterable(doc -> {
                    Document grants = doc.get("grants", new Document());
                    return grants.keySet().stream()
                            .sorted()
                            .map(id -> GrantView.of(id, grants.get(id, Document.class)))
                            .filter(g -> country == null || g.country() == country)
                            .filter(g -> agency == null || g.agency().equals(agency))
                            .filter(g -> status == null || g.status() == status)
                            .toList();
                });
    }

    /** The grant and the fiscal year whose document holds it; 404 when there is no such grant. */
    Mono<Located> locate(String grantId) {
        return ids.fiscalYearOf(grantId)
                .flatMap(fiscalYear -> years.find(fiscalYear)
                        .mapNotNull(doc -> {
                            Document grant = doc.get("grants", new Document()).get(grantId, Document.class);
                            return grant == null ? null : new Located(fiscalYear, doc, grant);
                        }))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Grant", grantId)));
    }

    /** A grant, its fiscal year and the whole year's document as read together. */
    record Located(int fiscalYear, Document year, Document grant) {
    }

    private Mono<GrantView> refusal(GrantRequest request, int fiscalYear, long amountRead) {
        return years.find(fiscalYear).flatMap(doc -> {
            if (doc.get("grants", new Document()).containsKey(request.id())) {
                return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "grant-exists", "Grant already exists",
                        "Grant '" + request.id() + "' already exists").with("grantId", request.id()));
            }
            Document allocation = doc.get("allocations", new Document()).get(request.allocationId(), Document.class);
            if (book.allocation(doc, request.allocationId()).amountCents() != amountRead) {
                return Mono.error(new ConcurrentChange());
            }
            var remaining = Money.fromCents(allocation.getLong("amountCents") - allocation.getLong("obligatedCents"));
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
