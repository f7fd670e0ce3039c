package org.alliancetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.alliancetracker.events.Topics;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import com.mongodb.client.MongoClients;

/** The Docker flavour of the test infrastructure works: skipped cleanly on machines without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerInfrastructureIT {

    @Test
    void kafkaAndMongoContainersServeTheClientsTheServicesUse() {
        ContainerInfrastructure infrastructure = ContainerInfrastructure.start();
        try (var publisher = TopicPublisher.connect(infrastructure.kafkaBootstrapServers());
             var recorder = TopicRecorder.start(infrastructure.kafkaBootstrapServers(), Topics.OUTCOMES);
             var mongo = MongoClients.create(infrastructure.mongoUri())) {
            publisher.send(Topics.OUTCOMES, "k", "ping");
            org.awaitility.Awaitility.await().until(() -> !recorder.records().isEmpty());
            assertThat(mongo.getDatabase("check").runCommand(new Document("ping", 1)).get("ok")).isNotNull();
        }
    }
}
