package org.alliancetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.alliancetracker.events.Topics;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClients;

/**
 * The Docker flavour of the test infrastructure works. Skipped on machines without Docker, unless the run asked for
 * the images ({@code -Ptestcontainers}): then it fails, like every integration test of that run.
 */
class ContainerInfrastructureIT {

    @Test
    void kafkaAndMongoContainersServeTheClientsTheServicesUse() {
        Assumptions.assumeTrue(SharedTestInfrastructure.containersRequested() || ContainerInfrastructure.dockerAvailable(),
                "no Docker here");
        Infrastructure infrastructure = SharedTestInfrastructure.select(SharedTestInfrastructure.TESTCONTAINERS,
                ContainerInfrastructure::dockerAvailable);
        try (var publisher = TopicPublisher.connect(infrastructure.kafkaBootstrapServers());
             var recorder = TopicRecorder.start(infrastructure.kafkaBootstrapServers(), Topics.OUTCOMES);
             var mongo = MongoClients.create(infrastructure.mongoUri())) {
            publisher.send(Topics.OUTCOMES, "k", "ping");
            org.awaitility.Awaitility.await().until(() -> !recorder.records().isEmpty());
            assertThat(mongo.getDatabase("check").runCommand(new Document("ping", 1)).get("ok")).isNotNull();
        }
    }
}
