package org.alliancetracker.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Mono;

/**
 * The limit of the batch path on this store, measured by the harness in the same run: {@code insertMany} of the
 * same number of documents (shaped and sized like the accepted disbursements a batch writes, each with its outbox
 * entry), in batches of 1,000, into a fresh collection with one unique index, on the stack's own MongoDB-wire server.
 */
final class StoreBaseline implements AutoCloseable {

    private final MongoClient client;

    StoreBaseline(String mongoUri) {
        this.client = MongoClients.create(mongoUri);
    }

    /** Documents per second. */
    double insertManyRate(int documents, String run) {
        MongoCollection<Document> collection = client.getDatabase("bench-store").getCollection("store-" + run);
        Mono.from(collection.drop()).block(Duration.ofMinutes(1));
        Mono.from(collection.createIndex(Indexes.ascending("_id", "incarnation", "state"),
                new IndexOptions().unique(true))).block(Duration.ofMinutes(1));
        String payload = "x".repeat(700); // the size of one DisbursementRecorded CloudEvent
        long start = System.nanoTime();
        for (int from = 0; from < documents; from += 1000) {
            List<Document> batch = new ArrayList<>(1000);
            for (int i = from; i < Math.min(documents, from + 1000); i++) {
                String id = "d-" + UUID.randomUUID().toString().replace("-", "");
                batch.add(new Document("_id", id).append("idempotencyKey", "store-" + i)
                        .append("fingerprint", UUID.randomUUID().toString() + UUID.randomUUID())
                        .append("incarnation", "b-" + run).append("state", "ACCEPTED").append("grantId", "GT-1")
                        .append("amountCents", 4567L).append("currency", "USD").append("valueDate", "2017-06-30")
                        .append("reference", "store-" + i).append("description", "Benchmark disbursement")
                        .append("createdAt", new Date()).append("acceptedAt", new Date())
                        .append("answer", new Document("remainingObligationCents", 1L))
                        .append("outbox", List.of(new Document("id", UUID.randomUUID().toString())
                                .append("topic", "alliance.disbursements").append("key", "GT-1")
                                .append("payload", payload).append("at", new Date()))));
            }
            Mono.from(collection.insertMany(batch, new InsertManyOptions().ordered(false)))
                    .block(Duration.ofMinutes(5));
        }
        double rate = documents / ((System.nanoTime() - start) / 1e9);
        Mono.from(collection.drop()).block(Duration.ofMinutes(1));
        return rate;
    }

    @Override
    public void close() {
        client.close();
    }
}
