package org.alliancetracker.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One Kafka broker and one MongoDB-wire server per test JVM, started on first use and shared by every test context
 * (a cached Spring context keeps pointing at what it started with, so they must outlive any single test class).
 *
 * <p>By default both are real parts started in-process ({@link KafkaBroker}, {@link MongoWireServer}). With
 * {@code -Dalliance.test.infra=testcontainers} (Maven profile {@code testcontainers}) the same tests run against
 * {@code apache/kafka} and {@code mongo:8} containers instead, and fails (never falls back) where no Docker answers.
 */
public final class SharedTestInfrastructure {

    public static final String SELECTOR = "alliance.test.infra";

    private static Infrastructure instance;
    private static final List<AutoCloseable> DEPENDENTS = new ArrayList<>();

    private SharedTestInfrastructure() {
    }

    /**
     * Closes {@code dependent} (services started against this infrastructure) when the JVM exits, before the
     * in-process broker and store it uses: shutdown hooks run concurrently, and a service closing while its store or
     * broker is already gone waits out its client timeouts (a forked test JVM then hung 30 s at every exit).
     */
    public static synchronized void closeAtExit(AutoCloseable dependent) {
        Infrastructure infrastructure = get();
        if (infrastructure instanceof EmbeddedInfrastructure) {
            DEPENDENTS.add(dependent);
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(dependent), "test-dependent-shutdown"));
        }
    }

    private static void closeDependents() {
        List<AutoCloseable> dependents;
        synchronized (SharedTestInfrastructure.class) {
            dependents = new ArrayList<>(DEPENDENTS.reversed());
            DEPENDENTS.clear();
        }
        dependents.forEach(SharedTestInfrastructure::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("Closing " + closeable + " at exit failed: " + e);
        }
    }

    public static synchronized Infrastructure get() {
        if (instance == null) {
            instance = select(System.getProperty(SELECTOR), ContainerInfrastructure::dockerAvailable);
        }
        return instance;
    }

    /** Whether this test JVM was asked for the Docker images ({@code -Ptestcontainers}). */
    public static boolean containersRequested() {
        return TESTCONTAINERS.equals(System.getProperty(SELECTOR));
    }

    /**
     * The infrastructure the selector asks for. Asked for containers where no Docker answers, it fails rather than
     * falling back: a run that asked for the real images and ran none would be a false green.
     */
    static Infrastructure select(String selector, BooleanSupplier dockerAvailable) {
        if (!TESTCONTAINERS.equals(selector)) {
            return EmbeddedInfrastructure.start();
        }
        if (!dockerAvailable.getAsBoolean()) {
            throw new IllegalStateException(NO_DOCKER);
        }
        return ContainerInfrastructure.start();
    }

    static final String TESTCONTAINERS = "testcontainers";

    static final String NO_DOCKER = SELECTOR + "=testcontainers (Maven profile -Ptestcontainers) runs the integration "
            + "tests against the apache/kafka and mongo:8 images, but no Docker answers on this machine (Testcontainers "
            + "found no DOCKER_HOST, socket or context). Start Docker, or run without -Ptestcontainers to use the "
            + "in-process Kafka broker and MongoDB-wire server.";

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
                closeDependents();
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
