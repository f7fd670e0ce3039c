package org.alliancetracker.grants.grant;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Set;

import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantEvent;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.grants.account.AccountBook;
import org.alliancetracker.grants.account.AccountProblems;
import org.alliancetracker.grants.account.StoredAccount;
import org.alliancetracker.grants.allocation.StoredAllocation;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.grants.grant.Grants.Located;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.platform.web.ApiProblem;
import org.bson.conversions.Bson;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Changes to awarded grants: amendments of the obligation and the status transitions ACTIVE ⇄ SUSPENDED → CLOSED.
 * Each is one conditional update of the year's document that also appends the event, so the rule it enforces
 * (Σ obligations ≤ allocation, no de-obligation below what was disbursed, only valid transitions) cannot be broken
 * by a concurrent request.
 */
@Service
public class GrantChanges {

    /**
     * A read-decide-write amendment retries this often when another change of the same grant, or a reprogramming of
     * its allocation, won the race.
     */
    private static final int RETRIES = 100;

    private final BudgetYears years;
    private final Grants grants;
    private final Classification classification;
    private final AccountBook book;
    private final Clock clock;

    public GrantChanges(BudgetYears years, Grants grants, Classification classification, AccountBook book,
                        Clock clock) {
        this.years = years;
        this.grants = grants;
        this.classification = classification;
        this.book = book;
        this.clock = clock;
    }

    /**
     * Sets the grant's obligation to a new total ({@code GrantAmended}). An increase must fit in what its allocation
     * has not yet obligated; a decrease may not go below what has already been disbursed; a closed grant is final.
     * Repeating the current total changes nothing and publishes nothing.
     */
    public Mono<GrantView> amend(String grantId, AmendmentRequest request) {
        LocalDate amendedOn = request.amendedOn() == null ? LocalDate.now(clock) : request.amendedOn();
        List<SectorShare> sectors = classification.sectors(request.sectors(), "sectors");
        List<ImplementingPartner> partners = classification.partners(request.partners(), "partners");
        return grants.locate(grantId)
                .flatMap(found -> amend(grantId, found, request, amendedOn, sectors, partners))
                .retryWhen(Retry.max(RETRIES).filter(ConcurrentChange.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure())) // the last conflict: 409, not a 500
                .onErrorMap(ConcurrentChange.class, e -> new ApiProblem(HttpStatus.CONFLICT,
                        "concurrent-modification", "Concurrent modification",
                        "Grant '" + grantId + "' changed concurrently; retry the request").with("grantId", grantId));
    }

    private Mono<GrantView> amend(String grantId, Located found, AmendmentRequest request, LocalDate amendedOn,
                                  List<SectorShare> sectors, List<ImplementingPartner> partners) {
        StoredGrant grant = found.grant();
        GrantStatus status = grant.status();
        if (status == GrantStatus.CLOSED) {
            return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "grant-closed", "Grant closed",
                    "Grant '" + grantId + "' is closed; its obligation can no longer change")
                    .with("grantId", grantId).with("grantStatus", status));
        }
        long previous = grant.obligatedCents();
        long target = Money.toCents(request.obligatedAmount());
        GrantView current = GrantView.of(grantId, grant);
        // only what changes: a list equal to the grant's is as good as absent
        List<SectorShare> newSectors = sectors == null || sectors.equals(current.sectors()) ? null : sectors;
        List<ImplementingPartner> newPartners = partners == null || partners.equals(current.partners()) ? null
                : partners;
        if (target == previous && newSectors == null && newPartners == null) {
            return Mono.just(current);
        }
        long delta = target - previous;
        String allocationId = grant.allocationId();
        String allocationField = StoredAllocation.MAP + "." + allocationId;
        List<Bson> conditions = new ArrayList<>(List.of(
                // the event states the previous total: decide on the total we read, or retry
                Filters.eq(StoredGrant.path(grantId, StoredGrant.OBLIGATED), previous),
                Filters.eq(StoredGrant.path(grantId, StoredGrant.STATUS), status.name())));
        if (delta > 0) {
            // an increase is a new obligation: only while the account is available
            StoredAllocation allocation = book.allocation(found.year(), allocationId);
            StoredAccount account = book.accounts(found.fiscalYear(), found.year()).get(allocation.accountOrDefault());
            if (account != null && amendedOn.isAfter(account.availableUntilDate())) {
                return Mono.error(AccountProblems.fundsExpired(found.fiscalYear(), allocation.accountOrDefault(),
                        account.availableUntilDate(), amendedOn));
            }
            // obligated + delta <= amount, on the amount read (a reprogramming may change it: then retry)
            long allocationAmount = allocation.amountCents();
            conditions.add(Filters.eq(allocationField + "." + StoredAllocation.AMOUNT, allocationAmount));
            conditions.add(Filters.lte(allocationField + "." + StoredAllocation.OBLIGATED, allocationAmount - delta));
        } else {
            conditions.add(Filters.lte(StoredGrant.path(grantId, StoredGrant.DISBURSED), target));
        }
        var event = new GrantAmended(grant.ref(grantId), Money.fromCents(previous),
                Money.normalize(request.obligatedAmount()), request.reason(), amendedOn, newSectors, newPartners);
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set(StoredGrant.path(grantId, StoredGrant.OBLIGATED), target),
                Updates.inc(allocationField + "." + StoredAllocation.OBLIGATED, delta),
                Updates.push(StoredGrant.path(grantId, StoredGrant.HISTORY), StoredRecords.toDocument(
                        StoredGrantChange.of(GrantChange.AMENDED, amendedOn, request.reason(), target)))));
        if (newSectors != null) {
            updates.add(Updates.set(StoredGrant.path(grantId, StoredGrant.SECTORS),
                    StoredRecords.toDocuments(newSectors)));
        }
        if (newPartners != null) {
            updates.add(Updates.set(StoredGrant.path(grantId, StoredGrant.PARTNERS),
                    StoredRecords.toDocuments(newPartners)));
        }
        Bson change = Updates.combine(updates);
        return years.change(found.fiscalYear(), Filters.and(conditions), change, List.of(event), false)
                .map(doc -> GrantView.of(grantId, StoredGrant.in(doc, grantId)))
                .switchIfEmpty(Mono.defer(() -> amendRefused(grantId, found, previous, status, delta, target)));
    }

    /** Why the conditional amendment did not match, from the year as it is now. */
    private Mono<GrantView> amendRefused(String grantId, Located found, long previous, GrantStatus status, long delta,
                                         long target) {
        return years.find(found.fiscalYear()).flatMap(doc -> {
            StoredGrant grant = StoredGrant.in(doc, grantId);
            if (grant.obligatedCents() != previous || grant.status() != status) {
                return Mono.error(new ConcurrentChange());
            }
            if (delta > 0) {
                String allocationId = grant.allocationId();
                StoredAllocation allocation = book.allocation(doc, allocationId);
                if (allocation.amountCents() != book.allocation(found.year(), allocationId).amountCents()) {
                    return Mono.error(new ConcurrentChange());
                }
                var remaining = Money.fromCents(allocation.unobligatedCents());
                return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "exceeds-allocation", "Exceeds allocation",
                        "An increase of " + Money.fromCents(delta) + " does not fit: allocation " + allocationId
                        + " has " + remaining + " not yet obligated")
                        .with("allocationId", allocationId).with("remaining", remaining));
            }
            var disbursed = Money.fromCents(grant.disbursed());
            return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "below-disbursed", "Below disbursed amount",
                    "Grant '" + grantId + "' has already disbursed " + disbursed + "; its obligation cannot go down to "
                    + Money.fromCents(target)).with("grantId", grantId).with("disbursed", disbursed));
        });
    }

    /** Suspends, resumes or closes the grant, if its current status allows it. */
    public Mono<GrantView> transition(String grantId, Transition transition, StatusChangeRequest request) {
        LocalDate effectiveOn = request.effectiveOn() == null ? LocalDate.now(clock) : request.effectiveOn();
        return grants.locate(grantId).flatMap(found -> {
            StoredGrant grant = found.grant();
            GrantStatus status = grant.status();
            if (!transition.from().contains(status)) {
                return Mono.error(invalidTransition(grantId, transition, status));
            }
            String statusField = StoredGrant.path(grantId, StoredGrant.STATUS);
            GrantEvent event = transition.event(grant.ref(grantId), request.reason(), effectiveOn);
            Bson change = Updates.combine(
                    Updates.set(statusField, transition.to().name()),
                    Updates.push(StoredGrant.path(grantId, StoredGrant.HISTORY), StoredRecords.toDocument(
                            StoredGrantChange.of(transition.change(), effectiveOn, request.reason(), null))));
            return years.change(found.fiscalYear(),
                            Filters.in(statusField, transition.from().stream().map(Enum::name).toList()),
                            change, List.of(event), false)
                    .map(doc -> GrantView.of(grantId, StoredGrant.in(doc, grantId)))
                    .switchIfEmpty(Mono.defer(() -> grants.locate(grantId).flatMap(now -> Mono.error(
                            invalidTransition(grantId, transition, now.grant().status())))));
        });
    }

    private static ApiProblem invalidTransition(String grantId, Transition transition, GrantStatus status) {
        return new ApiProblem(HttpStatus.CONFLICT, "invalid-status-transition", "Invalid status transition",
                "Grant '" + grantId + "' is " + status + "; only a grant that is " + transition.from()
                + " can be " + transition.to().name().toLowerCase())
                .with("grantId", grantId).with("grantStatus", status).with("transition", transition);
    }

    /** The status transitions a grant can make, and the event each publishes. */
    public enum Transition {
        SUSPEND(EnumSet.of(GrantStatus.ACTIVE), GrantStatus.SUSPENDED, GrantChange.SUSPENDED),
        RESUME(EnumSet.of(GrantStatus.SUSPENDED), GrantStatus.ACTIVE, GrantChange.RESUMED),
        CLOSE(EnumSet.of(GrantStatus.ACTIVE, GrantStatus.SUSPENDED), GrantStatus.CLOSED, GrantChange.CLOSED);

        private final Set<GrantStatus> from;
        private final GrantStatus to;
        private final GrantChange change;

        Transition(Set<GrantStatus> from, GrantStatus to, GrantChange change) {
            this.from = from;
            this.to = to;
            this.change = change;
        }

        Set<GrantStatus> from() {
            return from;
        }

        GrantStatus to() {
            return to;
        }

        GrantChange change() {
            return change;
        }

        GrantEvent event(GrantRef grant, String reason, LocalDate effectiveOn) {
            return switch (this) {
                case SUSPEND -> new GrantSuspended(grant, reason, effectiveOn);
                case RESUME -> new GrantResumed(grant, reason, effectiveOn);
                case CLOSE -> new GrantClosed(grant, reason, effectiveOn);
            };
        }
    }

    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super(null, null, false, false);
        }
    }
}
