package org.alliancetracker.platform;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.alliancetracker.infra.Infrastructure;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.platform.messaging.RecordSender;
import org.alliancetracker.platform.observability.MessageTracing;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

/** The real broker and MongoDB-wire server of this test JVM, as the platform's mechanisms are given them. */
public final class RealParts {

    private static MongoClient client;

    private RealParts() {
    }

    public static Infrastructure infrastructure() {
        return SharedTestInfrastructure.get();
    }

    public static synchronized ReactiveMongoTemplate mongo(String database) {
        if (client == null) {
            client = MongoClients.create(infrastructure().mongoUri());
        }
        return new ReactiveMongoTemplate(client, database);
    }

    /** A producer as the platform configures it (acks=all, idempotent) on the given servers. */
    public static RecordSender kafka(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(overrides);
        return new RecordSender(config, "platform-test-" + java.util.UUID.randomUUID(), MessageTracing.none());
    }

    public static RecordSender kafka() {
        return kafka(infrastructure().kafkaBootstrapServers(), Map.of());
    }

    /** A port nothing listens on (a broker that is down). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
