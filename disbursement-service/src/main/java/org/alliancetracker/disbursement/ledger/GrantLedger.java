package org.alliancetracker.disbursement.ledger;

import java.time.Duration;
import java.util.Date;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantEvent;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.platform.money.Money;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This service's own copy of every grant, kept from {@code alliance.grants}: obligation, status and period, plus
 * the running total disbursed and the remaining obligation that disbursements reserve against. Each update is
 * conditional on the source offset, so redelivery and replay change nothing. An amendment moves obligation and
 * remaining obligation by the same change (a downward amendment lowers what remains, never what was disbursed; the
 * remaining obligation may then be negative, and nothing more can be disbursed). A closed grant stays closed: a
 * later suspension or resumption changes nothing. The {@code pending} and {@code reversed} lists belong to
 * {@link Reservations}.
 */
@Component
public class GrantLedger {

    public static final String COLLECTION = "grant_ledger";
    private static final Logger log = LoggerFactory.getLogger(GrantLedger.class);

    private final ReactiveMongoTemplate mongo;
    private final EventClaims claims;

    public GrantLedger(ReactiveMongoTemplate mongo, EventClaims claims) {
        this.mongo = mongo;
        this.claims = claims;
    }

    /** The grant's ledger with its reservations in flight (without the lists only filters use), or empty. */
    public Mono<LedgerState> find(String grantId) {
        return mongo.getMongoDatabase().flatMap(db -> Mono.from(db.getCollection(COLLECTION, LedgerState.class)
                .find(Filters.eq("_id", grantId)).projection(Reservations.WITHOUT_LISTS_BUT_PENDING).first()));
    }

    /** Ledgers holding a reservation made before {@code before} (the sweeper's work), at most {@code limit}. */
    public Flux<LedgerState> withReservationsBefore(Date before, int limit) {
        return mongo.getMongoDatabase().flatMapMany(db -> db.getCollection(COLLECTION, LedgerState.class)
                .find(Filters.lt(Reservations.PENDING_AT, before)).projection(Reservations.WITHOUT_LISTS_BUT_PENDING)
                .limit(limit));
    }

    /** Applies one event of {@code alliance.grants}; blocks the calling (listener) thread until it is stored. */
    public void apply(CloudEvent<AllianceEvent> event, SourcePosition position) {
        if (!(event.data() instanceof GrantEvent grantEvent)) {
            throw new IllegalArgumentException("Not a grant event: " + event.type());
        }
        claims.claim(event.id(), position)
                .flatMap(first -> first ? update(grantEvent, position) : Mono.empty())
                .block(Duration.ofSeconds(30));
    }

    private Mono<Void> update(GrantEvent event, SourcePosition position) {
        // a closed grant stays closed; only a suspended grant resumes (otherwise the update matches nothing)
        Bson guard = switch (event) {
            case GrantSuspended suspended -> Filters.ne(LedgerState.STATUS, LedgerStatus.CLOSED.name());
            case GrantResumed resumed -> Filters.eq(LedgerState.STATUS, LedgerStatus.SUSPENDED.name());
            default -> new Document();
        };
        Bson change = switch (event) {
            case GrantAwarded awarded -> {
                long obligated = Money.toCents(awarded.obligatedAmount());
                yield Updates.combine(
                        reference(awarded.grant()),
                        Updates.set(LedgerState.STATUS, LedgerStatus.ACTIVE.name()),
                        Updates.set(LedgerState.START_DATE, awarded.startDate().toString()),
                        Updates.set(LedgerState.END_DATE, awarded.endDate().toString()),
                        // the account's closing: no disbursement dated after it (absent for older awards)
                        awarded.accountClosesOn() == null ? new Document()
                                : Updates.set(LedgerState.CLOSES_ON, awarded.accountClosesOn().toString()),
                        Updates.inc(LedgerState.OBLIGATED, obligated),
                        Updates.inc(LedgerState.REMAINING, obligated));
            }
            case GrantAmended amended -> {
                long change1 = Money.toCents(amended.change());
                yield Updates.combine(reference(amended.grant()),
                        Updates.inc(LedgerState.OBLIGATED, change1),
                        Updates.inc(LedgerState.REMAINING, change1));
            }
            case GrantSuspended suspended -> Updates.combine(reference(suspended.grant()), Updates.set(LedgerState.STATUS, LedgerStatus.SUSPENDED.name()));
            case GrantResumed resumed -> Updates.combine(reference(resumed.grant()), Updates.set(LedgerState.STATUS, LedgerStatus.ACTIVE.name()));
            case GrantClosed closed -> Updates.combine(reference(closed.grant()), Updates.set(LedgerState.STATUS, LedgerStatus.CLOSED.name()));
        };
        return mongo.getCollection(COLLECTION)
                .flatMap(c -> Mono.from(c.updateOne(
                        Filters.and(Filters.eq("_id", event.grant().grantId()), position.notYetApplied(), guard),
                        Updates.combine(change, position.markApplied(),
                                Updates.setOnInsert(LedgerState.DISBURSED, 0L)),
                        new UpdateOptions().upsert(true))))
                .onErrorResume(EventClaims::isDuplicateKey, e -> {
                    log.debug("Grant event at {} already applied", position);
                    return Mono.empty();
                })
                .then();
    }

    private static Bson reference(GrantRef grant) {
        return Updates.combine(
                Updates.set(LedgerState.ALLOCATION_ID, grant.allocationId()),
                Updates.set(LedgerState.FISCAL_YEAR, grant.fiscalYear()),
                Updates.set(LedgerState.COUNTRY, grant.country().name()),
                Updates.set(LedgerState.PILLAR, grant.pillar().name()),
                Updates.set(LedgerState.AGENCY, grant.agency()));
    }
}
