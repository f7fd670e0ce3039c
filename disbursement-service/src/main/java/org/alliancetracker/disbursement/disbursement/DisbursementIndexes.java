package org.alliancetracker.disbursement.disbursement;

import java.time.Duration;

import org.alliancetracker.disbursement.ledger.GrantLedger;
import org.alliancetracker.disbursement.ledger.Reservations;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Declares the indexes of the write path and the sweeper at startup (idempotent; an existing index is kept).
 *
 * <p>{@code {_id, incarnation, state}} is the exact key set of the write path's guarded updates and deletes
 * (acceptance, refusal, orphan removal). MongoDB would find those documents by {@code _id} alone; the MongoDB-wire
 * server used locally and in tests only uses an index whose keys equal the query's keys and otherwise scans the whole
 * collection — which made each line of a 100,000-line upload slower than the one before. Unique because {@code _id}
 * is; on MongoDB it costs one more small index entry per disbursement.
 */
@Component
class DisbursementIndexes implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DisbursementIndexes.class);

    private final ReactiveMongoTemplate mongo;

    DisbursementIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        try {
            Flux.concat(
                            index(Disbursements.COLLECTION, Indexes.ascending("_id", "incarnation", "state"), true),
                            index(Disbursements.COLLECTION, Indexes.ascending("state", "createdAt"), false),
                            index(Disbursements.COLLECTION, Indexes.ascending("state", "reversal.requestedAt"), false),
                            index(GrantLedger.COLLECTION, Indexes.ascending(Reservations.PENDING + ".at"), false))
                    .blockLast(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.warn("Could not declare the disbursement indexes (queries still work, slower): {}", e.getMessage());
        }
    }

    private Mono<String> index(String collection, Bson keys, boolean unique) {
        return mongo.getCollection(collection)
                .flatMap(c -> Mono.from(c.createIndex(keys, new IndexOptions().unique(unique))));
    }
}
