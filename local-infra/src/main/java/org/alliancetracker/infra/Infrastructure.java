package org.alliancetracker.infra;

import java.util.Map;

/** Where the services find Kafka and MongoDB. */
public interface Infrastructure {

    String kafkaBootstrapServers();

    /** Without a database name; each service names its own. */
    String mongoUri();

    /** The Spring properties pointing a service at this infrastructure. */
    default Map<String, String> springProperties() {
        return Map.of(
                "spring.kafka.bootstrap-servers", kafkaBootstrapServers(),
                "spring.cloud.stream.kafka.binder.brokers", kafkaBootstrapServers(),
                "spring.mongodb.uri", mongoUri());
    }
}
