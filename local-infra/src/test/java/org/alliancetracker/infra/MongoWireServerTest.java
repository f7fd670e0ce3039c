package org.alliancetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClients;

class MongoWireServerTest {

    @TempDir
    Path dataDir;

    @Test
    void fileBackedDataSurvivesARestart() {
        Path file = dataDir.resolve("mongo.mv");
        try (MongoWireServer server = MongoWireServer.fileBacked(file).start(0);
             var client = MongoClients.create(server.connectionString())) {
            client.getDatabase("check").getCollection("things").insertOne(new Document("_id", "a").append("cents", 123L));
        }

        try (MongoWireServer server = MongoWireServer.fileBacked(file).start(0);
             var client = MongoClients.create(server.connectionString())) {
            Document found = client.getDatabase("check").getCollection("things").find().first();
            assertThat(found).isNotNull();
            assertThat(found.getLong("cents")).isEqualTo(123L);
        }
    }
}
