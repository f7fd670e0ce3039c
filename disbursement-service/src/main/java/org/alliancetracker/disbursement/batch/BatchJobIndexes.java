package org.alliancetracker.disbursement.batch;

import java.time.Duration;

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
 * The indexes of batch jobs, declared at start: an agency's list, the worker's look for open batches, and the look
 * for uploads that never became a batch ({@link OrphanChunks}).
 */
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
            Flux.concat(index(BatchJob.COLLECTION, Indexes.ascending(BatchJob.AGENCY, BatchJob.RECEIVED_AT)),
                            index(BatchJob.COLLECTION, Indexes.ascending(BatchJob.STATE, BatchJob.RECEIVED_AT)),
                            index(BatchJob.COLLECTION, Indexes.ascending(BatchJob.UPLOAD)),
                            // sparse: only chunks 0 of uploads not (yet) adopted by a batch carry the field
                            mongo.getCollection(BatchChunk.COLLECTION).flatMap(c -> Mono.from(c.createIndex(
                                    Indexes.ascending(BatchChunk.UPLOAD_STARTED_AT),
                                    new IndexOptions().sparse(true)))))
                    .blockLast(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.warn("Could not declare the batch job indexes (queries still work, slower): {}", e.getMessage());
        }
    }

    private Mono<String> index(String collection, Bson keys) {
        return mongo.getCollection(collection).flatMap(c -> Mono.from(c.createIndex(keys)));
    }
}
