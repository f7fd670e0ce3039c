package org.alliancetracker.disbursement.disbursement;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.alliancetracker.disbursement.ledger.GrantLedger;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.outbox.OutboxRelay;
import org.alliancetracker.platform.web.ApiProblem;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Mono;

/**
 * Records disbursements without ever over-disbursing a grant, and answers every retry of a request identically.
 *
 * <p>Without multi-document transactions, a disbursement is written in steps that each are one atomic
 * single-document update and that a retry can resume at any point:
 * <ol>
 *   <li>the disbursement document is created {@code PENDING} under an id derived from the Idempotency-Key (a second
 *       request with the key finds it);</li>
 *   <li>the amount is reserved on the grant's ledger document, conditional on the remaining obligation and the
 *       grant's status, and the disbursement id is put in the ledger's {@code pending} list so that no retry can
 *       reserve it twice;</li>
 *   <li>the disbursement document becomes {@code ACCEPTED} with its answer and its {@code DisbursementRecorded}
 *       event in its outbox;</li>
 *   <li>the id leaves the ledger's {@code pending} list.</li>
 * </ol>
 */
@Service
public class Disbursements {

    public static final String COLLECTION = "disbursements";
    static final String SOURCE = "/disbursement-service";

    private final ReactiveMongoTemplate mongo;
    private final GrantLedger ledger;
    private final EventCodec codec;
    private final OutboxRelay relay;

    public Disbursements(ReactiveMongoTemplate mongo, GrantLedger ledger, EventCodec codec, OutboxRelay relay) {
        this.mongo = mongo;
        this.ledger = ledger;
        this.codec = codec;
        this.relay = relay;
    }

    /** Emits the answer to the request, the stored one for a retry. */
    public Mono<DisbursementView> record(String scope, String idempotencyKey, DisbursementRequest request) {
        String id = IdempotencyKeys.disbursementId(scope, idempotencyKey);
        String fingerprint = IdempotencyKeys.fingerprint(request);
        Document pending = new Document("_id", id)
                .append("idempotencyKey", idempotencyKey)
                .append("fingerprint", fingerprint)
                .append("state", "PENDING")
                .append("grantId", request.grantId())
                .append("amountCents", Money.toCents(request.amount()))
                .append("currency", request.currency())
                .append("valueDate", request.valueDate().toString())
                .append("reference", request.reference())
                .append("description", request.description())
                .append("createdAt", new Date());
        return disbursements()
                .flatMap(c -> Mono.from(c.insertOne(pending)))
                .then(Mono.defer(() -> reserveAndAccept(id, request)))
                .onErrorResume(EventClaims::isDuplicateKey, e -> retryOf(scope, idempotencyKey, id, fingerprint, request));
    }

    public Mono<Document> find(String id) {
        return disbursements().flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).first()));
    }

    /** An accepted disbursement, as answered when it was recorded. */
    public Mono<DisbursementView> findAccepted(String id) {
        return find(id).filter(doc -> "ACCEPTED".equals(doc.getString("state"))).map(Disbursements::answerOf);
    }

    /** A request whose key was seen before: same body → same answer; another body → refused. */
    private Mono<DisbursementView> retryOf(String scope, String key, String id, String fingerprint,
                                           DisbursementRequest request) {
        return find(id).flatMap(existing -> {
            if (!fingerprint.equals(existing.getString("fingerprint"))) {
                return Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                        "Idempotency-Key reused", "This Idempotency-Key was already used for a different request"));
            }
            if ("ACCEPTED".equals(existing.getString("state"))) {
                return Mono.just(answerOf(existing));
            }
            return reserveAndAccept(id, request);
        }).switchIfEmpty(Mono.defer(() -> record(scope, key, request))); // refused meanwhile: judge afresh
    }

    private Mono<DisbursementView> reserveAndAccept(String id, DisbursementRequest request) {
        long cents = Money.toCents(request.amount());
        return ledger.find(request.grantId())
                .switchIfEmpty(Mono.defer(() -> abandon(id, ApiProblem.notFound("Grant", request.grantId()))))
                .flatMap(grant -> checkGrant(grant, request).then(reserve(id, grant, cents)))
                .flatMap(after -> accept(id, request, after));
    }

    private Mono<Void> checkGrant(Document grant, DisbursementRequest request) {
        LocalDate start = LocalDate.parse(grant.getString("startDate"));
        LocalDate end = LocalDate.parse(grant.getString("endDate"));
        if (request.valueDate().isBefore(start) || request.valueDate().isAfter(end)) {
            return Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "value-date-outside-grant-period",
                    "Value date outside grant period", "valueDate " + request.valueDate() + " is outside the period of "
                    + request.grantId() + " (" + start + " to " + end + ")")
                    .with("startDate", start.toString()).with("endDate", end.toString()));
        }
        return Mono.empty();
    }

    /** Step 2: emits the ledger after the reservation (or as it is, if this id was already reserved). */
    private Mono<Document> reserve(String id, Document grant, long cents) {
        String grantId = grant.getString("_id");
        return ledgerCollection()
                .flatMap(c -> Mono.from(c.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", grantId), Filters.eq("status", "ACTIVE"),
                                Filters.gte("remainingCents", cents), Filters.ne("pending.id", id)),
                        Updates.combine(Updates.inc("remainingCents", -cents), Updates.inc("disbursedCents", cents),
                                Updates.push("pending", new Document("id", id).append("at", new Date()))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))))
                .switchIfEmpty(Mono.defer(() -> ledger.find(grantId).flatMap(now -> {
                    if (now.getList("pending", Document.class, List.of()).stream()
                            .anyMatch(p -> id.equals(p.getString("id")))) {
                        return Mono.just(now); // reserved by an earlier attempt with this key
                    }
                    if (!"ACTIVE".equals(now.getString("status"))) {
                        return abandon(id, new ApiProblem(HttpStatus.CONFLICT, "grant-not-active", "Grant not active",
                                "Grant " + grantId + " is " + now.getString("status") + " and takes no disbursement")
                                .with("status", now.getString("status")));
                    }
                    var remaining = Money.fromCents(now.getLong("remainingCents"));
                    return abandon(id, new ApiProblem(HttpStatus.CONFLICT, "insufficient-obligation",
                            "Insufficient obligation", "Grant " + grantId + " has " + remaining
                            + " of its obligation left to disburse").with("remaining", remaining));
                })));
    }

    /** Steps 3 and 4. */
    private Mono<DisbursementView> accept(String id, DisbursementRequest request, Document ledgerAfter) {
        var grant = new GrantRef(ledgerAfter.getString("_id"), ledgerAfter.getString("allocationId"),
                ledgerAfter.getInteger("fiscalYear"), Country.valueOf(ledgerAfter.getString("country")),
                Pillar.valueOf(ledgerAfter.getString("pillar")), ledgerAfter.getString("agency"));
        var answer = new DisbursementView(id, request.grantId(), Money.normalize(request.amount()),
                request.valueDate(), Money.fromCents(ledgerAfter.getLong("remainingCents")));
        var event = codec.envelope(new DisbursementRecorded(id, grant, answer.amount(), request.currency(),
                request.valueDate(), request.reference(), request.description()), SOURCE);
        Document stored = new Document("remainingObligationCents", ledgerAfter.getLong("remainingCents"))
                .append("country", grant.country().name())
                .append("agency", grant.agency());
        return disbursements()
                .flatMap(c -> Mono.from(c.findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.eq("state", "PENDING")),
                        Updates.combine(Updates.set("state", "ACCEPTED"), Updates.set("answer", stored),
                                Updates.set("acceptedAt", new Date()), relay.append(List.of(event))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))))
                .doOnNext(doc -> relay.kick(COLLECTION, id))
                .switchIfEmpty(find(id)) // accepted concurrently by another attempt with this key
                .flatMap(doc -> ledgerCollection()
                        .flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", grant.grantId()),
                                Updates.pull("pending", Filters.eq("id", id)))))
                        .thenReturn(answerOf(doc)));
    }

    /** A request refused by a rule leaves nothing behind, so a later retry is judged afresh. */
    private <T> Mono<T> abandon(String id, ApiProblem problem) {
        return disbursements()
                .flatMap(c -> Mono.from(c.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("state", "PENDING")))))
                .then(Mono.error(problem));
    }

    private static DisbursementView answerOf(Document doc) {
        Document answer = doc.get("answer", Document.class);
        return new DisbursementView(doc.getString("_id"), doc.getString("grantId"),
                Money.fromCents(doc.getLong("amountCents")), LocalDate.parse(doc.getString("valueDate")),
                Money.fromCents(answer.getLong("remainingObligationCents")));
    }

    private Mono<MongoCollection<Document>> disbursements() {
        return mongo.getCollection(COLLECTION);
    }

    private Mono<MongoCollection<Document>> ledgerCollection() {
        return mongo.getCollection(GrantLedger.COLLECTION);
    }
}
