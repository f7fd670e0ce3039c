package org.alliancetracker.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real Kafka broker in KRaft mode, run from Kafka's own jars in the current JVM: on its own a single node (combined
 * broker and controller, replication factor 1), or one member of a {@link KafkaCluster}. Its log directory is
 * formatted on first start and reused afterwards, so a broker restarted on the same directory keeps its topics,
 * records and committed offsets.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final boolean deleteOnClose;
    private final Map<String, String> overrides;
    private final int nodeId;
    private final String voters;
    private final String clusterId;
    private final Map<String, String> clusterSettings;
    private KafkaRaftServer server;

    private KafkaBroker(Path logDir, int port, int controllerPort, boolean deleteOnClose, Map<String, String> overrides) {
        this(logDir, port, controllerPort, deleteOnClose, overrides, 1, "1@localhost:" + controllerPort, null, Map.of());
    }

    private KafkaBroker(Path logDir, int port, int controllerPort, boolean deleteOnClose, Map<String, String> overrides,
                        int nodeId, String voters, String clusterId, Map<String, String> clusterSettings) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.deleteOnClose = deleteOnClose;
        this.overrides = Map.copyOf(overrides);
        this.nodeId = nodeId;
        this.voters = voters;
        this.clusterId = clusterId;
        this.clusterSettings = Map.copyOf(clusterSettings);
    }

    /**
     * One node of a cluster (see {@link KafkaCluster}): {@code voters} is the controller quorum
     * ({@code id@host:port,…}); a node named there is broker and controller, any other only a broker. Every node of
     * a cluster is formatted with the same {@code clusterId}. Not yet started.
     */
    public static KafkaBroker member(Path logDir, int nodeId, int port, int controllerPort, String voters,
                                     String clusterId, Map<String, String> clusterSettings, boolean deleteOnClose) {
        return new KafkaBroker(logDir, port, controllerPort, deleteOnClose, Map.of(), nodeId, voters, clusterId,
                clusterSettings);
    }

    /** A broker on the given ports (0 = any free port) keeping its data in {@code logDir}. Not yet started. */
    public static KafkaBroker durable(Path logDir, int port, int controllerPort, Map<String, String> overrides) {
        return new KafkaBroker(logDir, port == 0 ? freePort() : port, controllerPort == 0 ? freePort() : controllerPort,
                false, overrides);
    }

    /** A broker on free ports with a temporary directory deleted on close. Not yet started. */
    public static KafkaBroker throwaway(Map<String, String> overrides) {
        try {
            return new KafkaBroker(Files.createTempDirectory("kafka-broker"), freePort(), freePort(), true, overrides);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized KafkaBroker start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(logDir);
            KafkaConfig config = KafkaConfig.fromProps(properties());
            format(config);
            KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
            started.startup();
            server = started;
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker " + nodeId + " failed to start on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** Stops the broker cleanly; its data stays for the next {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public int nodeId() {
        return nodeId;
    }

    @Override
    public void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        boolean controller = ("," + voters).contains("," + nodeId + "@");
        props.put("process.roles", controller ? "broker,controller" : "broker");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", voters);
        props.put("listeners", "PLAINTEXT://localhost:" + port
                + (controller ? ",CONTROLLER://localhost:" + controllerPort : ""));
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "6");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.putAll(clusterSettings);
        props.putAll(overrides);
        return props;
    }

    private void format(KafkaConfig config) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setClusterId(clusterId != null ? clusterId : Uuid.randomUuid().toString())
                .setNodeId(config.nodeId())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
