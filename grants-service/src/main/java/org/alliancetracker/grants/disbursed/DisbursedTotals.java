package org.alliancetracker.grants.disbursed;

import java.time.Duration;
import java.util.List;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.disbursement.DisbursementEvent;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.grants.grant.StoredGrant;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.platform.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;

/**
 * Keeps {@code grants.<id>.disbursedCents} of each year's document up to date from {@code alliance.disbursements}
 * (recorded adds, reversed subtracts), so that a de-obligation below what was already paid out can be refused by the
 * same conditional update that amends the grant. Events carry {@code grant.fiscalYear}, which names the document.
 * Exactly once in effect: a duplicate publish of a CloudEvent id is dropped by {@link EventClaims}; a redelivered or
 * replayed record no longer matches the update's {@link SourcePosition} condition.
 */
@Component
public class DisbursedTotals {

    private static final Logger log = LoggerFactory.getLogger(DisbursedTotals.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BudgetYears years;
    private final EventClaims claims;

    public DisbursedTotals(BudgetYears years, EventClaims claims) {
        this.years = years;
        this.claims = claims;
    }

    /** Applies one record of {@code alliance.disbursements}; blocks the calling (listener) thread until stored. */
    public void apply(CloudEvent<AllianceEvent> event, SourcePosition position) {
        if (!(event.data() instanceof DisbursementEvent disbursement)) {
            throw new IllegalArgumentException("Not a disbursement event: " + event.type());
        }
        claims.claim(event.id(), position)
                .flatMap(first -> first ? add(disbursement, position) : Mono.empty())
                .block(TIMEOUT);
    }

    private Mono<Void> add(DisbursementEvent event, SourcePosition position) {
        long cents = Money.toCents(event.amount());
        long change = switch (event) {
            case DisbursementRecorded recorded -> cents;
            case DisbursementReversed reversed -> -cents;
        };
        String grantId = event.grant().grantId();
        return years.change(event.grant().fiscalYear(),
                        Filters.and(Filters.exists(StoredGrant.path(grantId)), position.notYetApplied()),
                        Updates.combine(Updates.inc(StoredGrant.path(grantId, StoredGrant.DISBURSED), change),
                                position.markApplied()),
                        List.of(), false)
                .switchIfEmpty(Mono.fromRunnable(() -> log.debug(
                        "Disbursement {} at {} not applied: already applied, or grant {} unknown in FY{}",
                        event.disbursementId(), position, event.grant().grantId(), event.grant().fiscalYear())))
                .then();
    }
}
