package org.alliancetracker.disbursement.batch;

import java.time.Duration;

import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Indexes;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The indexes of batch jobs, declared at start: an agency's list, and the worker's look for open batches. */
@Component
class BatchJobIndexes implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(BatchJobIndexes.class);

    private final ReactiveMongoTemplate mongo;

    BatchJobIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        try {
            Flux.concat(index(Indexes.ascending(BatchJob.AGENCY, BatchJob.RECEIVED_AT)),
                            index(Indexes.ascending(BatchJob.STATE, BatchJob.RECEIVED_AT)))
                    .blockLast(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.warn("Could not declare the batch job indexes (queries still work, slower): {}", e.getMessage());
        }
    }

    private Mono<String> index(Bson keys) {
        return mongo.getCollection(BatchJob.COLLECTION).flatMap(c -> Mono.from(c.createIndex(keys)));
    }
}
