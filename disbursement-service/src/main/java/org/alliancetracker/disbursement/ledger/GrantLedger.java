package org.alliancetracker.disbursement.ledger;

import java.time.Duration;

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
    /** ISO date: the day the grant's account closes (31 U.S.C. 1552); absent when not known. */
    public static final String CLOSES_ON = "closesOn";
    private static final Logger log = LoggerFactory.getLogger(GrantLedger.class);

    private final ReactiveMongoTemplate mongo;
    private final EventClaims claims;

    public GrantLedger(ReactiveMongoTemplate mongo, EventClaims claims) {
        this.mongo = mongo;
        this.claims = claims;
    }

    public Mono<Document> find(String grantId) {
        return mongo.getCollection(COLLECTION).flatMap(c -> Mono.from(c.find(Filters.eq("_id", grantId)).first()));
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
            case GrantSuspended suspended -> Filters.ne("status", "CLOSED");
            case GrantResumed resumed -> Filters.eq("status", "SUSPENDED");
            default -> new Document();
        };
        Bson change = switch (event) {
            case GrantAwarded awarded -> {
                long obligated = Money.toCents(awarded.obligatedAmount());
                yield Updates.combine(
                        reference(awarded.grant()),
                        Updates.set("status", "ACTIVE"),
                        Updates.set("startDate", awarded.startDate().toString()),
                        Updates.set("endDate", awarded.endDate().toString()),
                        // the account's closing: no disbursement dated after it (absent for older awards)
                        awarded.accountClosesOn() == null ? new Document()
                                : Updates.set(CLOSES_ON, awarded.accountClosesOn().toString()),
                        Updates.inc("obligatedCents", obligated),
                        Updates.inc("remainingCents", obligated));
            }
            case GrantAmended amended -> {
                long change1 = Money.toCents(amended.change());
                yield Updates.combine(reference(amended.grant()),
                        Updates.inc("obligatedCents", change1),
                        Updates.inc("remainingCents", change1));
            }
            case GrantSuspended suspended -> Updates.combine(reference(suspended.grant()), Updates.set("status", "SUSPENDED"));
            case GrantResumed resumed -> Updates.combine(reference(resumed.grant()), Updates.set("status", "ACTIVE"));
            case GrantClosed closed -> Updates.combine(reference(closed.grant()), Updates.set("status", "CLOSED"));
        };
        return mongo.getCollection(COLLECTION)
                .flatMap(c -> Mono.from(c.updateOne(
                        Filters.and(Filters.eq("_id", event.grant().grantId()), position.notYetApplied(), guard),
                        Updates.combine(change, position.markApplied(),
                                Updates.setOnInsert("disbursedCents", 0L)),
                        new UpdateOptions().upsert(true))))
                .onErrorResume(EventClaims::isDuplicateKey, e -> {
                    log.debug("Grant event at {} already applied", position);
                    return Mono.empty();
                })
                .then();
    }

    private static Bson reference(GrantRef grant) {
        return Updates.combine(
                Updates.set("allocationId", grant.allocationId()),
                Updates.set("fiscalYear", grant.fiscalYear()),
                Updates.set("country", grant.country().name()),
                Updates.set("pillar", grant.pillar().name()),
                Updates.set("agency", grant.agency()));
    }
}
