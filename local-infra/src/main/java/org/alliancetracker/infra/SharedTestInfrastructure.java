package org.alliancetracker.infra;

import java.util.Map;

/**
 * One Kafka broker and one MongoDB-wire server per test JVM, started on first use and shared by every test context
 * (a cached Spring context keeps pointing at what it started with, so they must outlive any single test class).
 *
 * <p>By default both are real parts started in-process ({@link KafkaBroker}, {@link MongoWireServer}). With
 * {@code -Dalliance.test.infra=testcontainers} (Maven profile {@code testcontainers}) the same tests run against
 * {@code apache/kafka} and {@code mongo:8} containers instead.
 */
public final class SharedTestInfrastructure {

    public static final String SELECTOR = "alliance.test.infra";

    private static Infrastructure instance;

    private SharedTestInfrastructure() {
    }

    public static synchronized Infrastructure get() {
        if (instance == null) {
            boolean containers = "testcontainers".equals(System.getProperty(SELECTOR));
            if (containers && !ContainerInfrastructure.dockerAvailable()) {
                System.err.println("alliance.test.infra=testcontainers but no Docker here: using the embedded broker "
                        + "and MongoDB-wire server instead");
                containers = false;
            }
            instance = containers ? ContainerInfrastructure.start() : EmbeddedInfrastructure.start();
        }
        return instance;
    }

    /** The embedded flavour, for tests that must stop and restart the broker themselves. */
    public static final class EmbeddedInfrastructure implements Infrastructure {
        private final KafkaBroker broker;
        private final MongoWireServer mongo;

        private EmbeddedInfrastructure(KafkaBroker broker, MongoWireServer mongo) {
            this.broker = broker;
            this.mongo = mongo;
        }

        static EmbeddedInfrastructure start() {
            KafkaBroker broker = KafkaBroker.throwaway(Map.of()).start();
            MongoWireServer mongo = MongoWireServer.inMemory().start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                mongo.close();
                broker.close();
            }, "test-infrastructure-shutdown"));
            return new EmbeddedInfrastructure(broker, mongo);
        }

        public KafkaBroker broker() {
            return broker;
        }

        @Override
        public String kafkaBootstrapServers() {
            return broker.bootstrapServers();
        }

        @Override
        public String mongoUri() {
            return mongo.connectionString();
        }
    }
}
