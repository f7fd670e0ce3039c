package org.alliancetracker.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster in KRaft mode: {@code size} nodes, the first three of which are broker and controller (a
 * controller quorum of three, or of every node in a smaller cluster), the others brokers only. Internal topics and
 * topics created without settings get replication factor {@code min(size, 3)} and {@code min.insync.replicas}
 * one less (at least 1) unless configured, so that with acks=all a write survives the loss of any one broker and
 * waits while two are gone.
 *
 * <p>The nodes run in this JVM ({@link #start()}) for tests, or each in its own process from {@link #layout()},
 * {@link #voters()}, {@link #clusterId()} and {@link #settings()} (local-stack's {@code --kafka-brokers=N}), so that
 * each can be killed on its own.
 */
public final class KafkaCluster implements AutoCloseable {

    /** Controllers of a cluster of three or more: a quorum that survives the loss of one. */
    public static final int CONTROLLER_QUORUM = 3;

    /** A node: its id (1…size), client port, controller port (unused by a broker-only node) and directory. */
    public record Node(int id, int port, int controllerPort, Path logDir) {
    }

    private final Path dir;
    private final boolean throwaway;
    private final List<Node> layout;
    private final int minInsyncReplicas;
    private final String clusterId;
    private final Map<Integer, KafkaBroker> brokers = new LinkedHashMap<>();

    private KafkaCluster(Path dir, boolean throwaway, List<Node> layout, int minInsyncReplicas) {
        if (layout.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        int replication = Math.min(layout.size(), CONTROLLER_QUORUM);
        if (minInsyncReplicas < 1 || minInsyncReplicas > replication) {
            throw new IllegalArgumentException("min.insync.replicas must be between 1 and " + replication
                    + ", not " + minInsyncReplicas);
        }
        this.dir = dir;
        this.throwaway = throwaway;
        this.layout = List.copyOf(layout);
        this.minInsyncReplicas = minInsyncReplicas;
        this.clusterId = clusterId(dir);
        for (Node node : layout) {
            brokers.put(node.id(), KafkaBroker.member(node.logDir(), node.id(), node.port(), node.controllerPort(),
                    voters(), clusterId, settings(), false));
        }
    }

    /** {@code size} nodes on free ports in a temporary directory deleted on close. Not yet started. */
    public static KafkaCluster throwaway(int size) {
        try {
            Path dir = Files.createTempDirectory("kafka-cluster");
            return new KafkaCluster(dir, true, layout(dir, size, 0), defaultMinInsyncReplicas(size));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code size} nodes keeping their data under {@code dir} (one directory per node, the cluster id in
     * {@code dir/cluster-id}); node {@code i} listens on {@code firstPort + 2(i-1)} and its controller on the port
     * after it ({@code firstPort} 0: free ports). Not yet started.
     */
    public static KafkaCluster durable(Path dir, int size, int firstPort, int minInsyncReplicas) {
        return new KafkaCluster(dir, false, layout(dir, size, firstPort), minInsyncReplicas);
    }

    /** One less than the replication factor, at least 1: 2 for a cluster of three or more. */
    public static int defaultMinInsyncReplicas(int size) {
        return Math.max(1, Math.min(size, CONTROLLER_QUORUM) - 1);
    }

    private static List<Node> layout(Path dir, int size, int firstPort) {
        List<Node> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            // nodes connect to each other: free ports below the ephemeral range, which those connections use
            int port = firstPort == 0 ? ListenPorts.free() : firstPort + 2 * (id - 1);
            int controllerPort = firstPort == 0 ? ListenPorts.free() : port + 1;
            nodes.add(new Node(id, port, controllerPort, dir.resolve("node-" + id)));
        }
        return nodes;
    }

    /** The cluster id kept in {@code dir/cluster-id}, created on first use: every node is formatted with it. */
    private static String clusterId(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("cluster-id");
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Node> layout() {
        return layout;
    }

    /** The controller quorum, {@code id@localhost:port,…}: the first {@link #CONTROLLER_QUORUM} nodes. */
    public String voters() {
        return layout.stream().limit(CONTROLLER_QUORUM)
                .map(node -> node.id() + "@localhost:" + node.controllerPort()).collect(Collectors.joining(","));
    }

    public String clusterId() {
        return clusterId;
    }

    /** Broker settings every node gets: replication of internal and default topics, min.insync.replicas. */
    public Map<String, String> settings() {
        return settings(layout.size(), minInsyncReplicas);
    }

    /** The broker settings of a node of a cluster of {@code size} nodes. */
    public static Map<String, String> settings(int size, int minInsyncReplicas) {
        String replication = Integer.toString(Math.min(size, CONTROLLER_QUORUM));
        String minIsr = Integer.toString(minInsyncReplicas);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("default.replication.factor", replication);
        settings.put("min.insync.replicas", minIsr);
        settings.put("offsets.topic.replication.factor", replication);
        settings.put("transaction.state.log.replication.factor", replication);
        settings.put("transaction.state.log.min.isr", minIsr);
        settings.put("share.coordinator.state.topic.replication.factor", replication);
        settings.put("share.coordinator.state.topic.min.isr", minIsr);
        // a replica that was not in sync never becomes leader: an acknowledged write is never lost
        settings.put("unclean.leader.election.enable", "false");
        return settings;
    }

    public int replicationFactor() {
        return Math.min(layout.size(), CONTROLLER_QUORUM);
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    /** Every node's client address: what the services' bootstrap list should name. */
    public String bootstrapServers() {
        return layout.stream().map(node -> "localhost:" + node.port()).collect(Collectors.joining(","));
    }

    /** Starts every node at once (a node's start waits for the controller quorum, so one at a time would hang). */
    public KafkaCluster start() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (KafkaBroker broker : brokers.values()) {
            starts.add(CompletableFuture.runAsync(broker::start, runnable -> {
                Thread thread = new Thread(runnable, "kafka-node-" + broker.nodeId() + "-start");
                thread.setDaemon(true);
                thread.start();
            }));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        return this;
    }

    public KafkaBroker broker(int nodeId) {
        KafkaBroker broker = brokers.get(nodeId);
        if (broker == null) {
            throw new IllegalArgumentException("no node " + nodeId + " in " + brokers.keySet());
        }
        return broker;
    }

    public List<KafkaBroker> brokers() {
        return List.copyOf(brokers.values());
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = brokers.values().stream()
                .map(broker -> CompletableFuture.runAsync(broker::stop)).toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        if (throwaway) {
            KafkaBroker.deleteRecursively(dir);
        }
    }
}
