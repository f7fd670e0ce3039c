package org.alliancetracker.grants.budget;

import java.util.List;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.platform.outbox.OutboxEntry;
import org.alliancetracker.platform.outbox.OutboxRelay;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The budget of one fiscal year is one MongoDB document: its appropriation and withholdings, its allocations (keyed
 * by allocation id), its grants (keyed by grant id) and the outbox of events not yet published. Every budget rule
 * (Σ allocations ≤ enacted − withheld, Σ obligations ≤ allocation) is then a single conditional update, atomic in
 * any MongoDB without transactions, and the events of the change are written by that same update.
 */
@Component
public class BudgetYears {

    public static final String COLLECTION = "budget_years";
    static final String SOURCE = "/grants-service";
    /** Reads never need the pending events or the consumed offsets. */
    private static final Bson WITHOUT_BOOKKEEPING = Projections.exclude(OutboxEntry.FIELD, SourcePosition.APPLIED);

    private final ReactiveMongoTemplate mongo;
    private final EventCodec codec;
    private final OutboxRelay relay;

    public BudgetYears(ReactiveMongoTemplate mongo, EventCodec codec, OutboxRelay relay) {
        this.mongo = mongo;
        this.codec = codec;
        this.relay = relay;
    }

    /** A year's document as the accounts, allocations, reprogrammings and rescissions read it. */
    public BudgetYear read(Document year) {
        return mongo.getConverter().read(BudgetYear.class, year);
    }

    public Mono<Document> find(int fiscalYear) {
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", fiscalYear))
                .projection(WITHOUT_BOOKKEEPING).first()));
    }

    /** Every year's document, in year order (a handful of documents: one per fiscal year). */
    public Flux<Document> all() {
        return collection().flatMapMany(c -> Flux.from(c.find()
                .projection(WITHOUT_BOOKKEEPING).sort(Sorts.ascending("_id"))));
    }

    /** One year's document, or every year's when {@code fiscalYear} is null. */
    public Flux<Document> findAll(Integer fiscalYear) {
        return fiscalYear == null ? all() : find(fiscalYear).flux();
    }

    /**
     * Applies {@code change} to the year's document if it still matches {@code condition}, appending the events to its
     * outbox in the same update. Emits the document after the change, or nothing when the condition did not match.
     */
    public Mono<Document> change(int fiscalYear, Bson condition, Bson change, List<? extends AllianceEvent> events,
                                 boolean createIfMissing) {
        List<CloudEvent<AllianceEvent>> envelopes = events.stream()
                .map(e -> codec.envelope((AllianceEvent) e, SOURCE)).toList();
        Bson update = envelopes.isEmpty() ? change : Updates.combine(change, relay.append(envelopes));
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions()
                .returnDocument(ReturnDocument.AFTER)
                .projection(WITHOUT_BOOKKEEPING)
                .upsert(createIfMissing);
        return collection()
                .flatMap(c -> Mono.from(c.findOneAndUpdate(Filters.and(Filters.eq("_id", fiscalYear), condition),
                        update, options)))
                .doOnNext(after -> {
                    if (!envelopes.isEmpty()) {
                        relay.kick(COLLECTION, fiscalYear);
                    }
                });
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
