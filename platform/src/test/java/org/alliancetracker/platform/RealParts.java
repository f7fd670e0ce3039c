package org.alliancetracker.platform;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.alliancetracker.infra.Infrastructure;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

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
    public static KafkaTemplate<String, byte[]> kafka(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(overrides);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new ByteArraySerializer()));
    }

    public static KafkaTemplate<String, byte[]> kafka() {
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
