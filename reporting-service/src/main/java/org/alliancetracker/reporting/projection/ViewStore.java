package org.alliancetracker.reporting.projection;

import java.time.Duration;

import org.bson.Document;
import org.springframework.data.mongodb.ReactiveMongoDatabaseFactory;
import org.springframework.stereotype.Component;

import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

/**
 * The service's MongoDB database for the hot paths (applying events, assembling views): the driver's collections
 * directly, resolved once. {@code ReactiveMongoTemplate.getCollection} looks for a transaction on every call (and
 * throws and catches an exception to find none), which is measurable at thousands of writes per second.
 */
@Component
public class ViewStore {

    private final MongoDatabase database;

    public ViewStore(ReactiveMongoDatabaseFactory factory) {
        this.database = factory.getMongoDatabase().block(Duration.ofSeconds(30));
    }

    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }
}
