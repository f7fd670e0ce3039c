package org.alliancetracker.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.alliancetracker.infra.KafkaBroker;
import org.alliancetracker.infra.KafkaCluster;

/**
 * A {@link KafkaCluster} whose nodes each run as their own process ({@link Part} {@code kafka --node-id=…}), so that
 * any of them can be killed with SIGKILL and started again on the same ports and data. Part names are
 * {@code kafka-1}, {@code kafka-2}, …
 */
public final class KafkaClusterParts {

    private final KafkaCluster cluster;

    public KafkaClusterParts(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    public KafkaCluster cluster() {
        return cluster;
    }

    public static String partName(int nodeId) {
        return "kafka-" + nodeId;
    }

    /** Starts every node at once (each waits for the controller quorum); {@link StackProcesses#await} the signals. */
    public Map<String, CompletableFuture<Void>> launch(StackProcesses processes) {
        Map<String, CompletableFuture<Void>> ready = new LinkedHashMap<>();
        for (KafkaCluster.Node node : cluster.layout()) {
            ready.put(partName(node.id()), processes.launch(partName(node.id()), "kafka", partArgs(node)));
        }
        return ready;
    }

    /** The arguments of {@link Part} {@code kafka} that run {@code node}. */
    public List<String> partArgs(KafkaCluster.Node node) {
        return new ArrayList<>(List.of("--data-dir=" + node.logDir(), "--port=" + node.port(),
                "--controller-port=" + node.controllerPort(), "--node-id=" + node.id(), "--voters=" + cluster.voters(),
                "--cluster-id=" + cluster.clusterId(), "--cluster-size=" + cluster.layout().size(),
                "--min-insync-replicas=" + cluster.minInsyncReplicas()));
    }

    /** The node {@link Part} runs for these arguments (those of {@link #partArgs}). */
    static KafkaBroker node(List<String> options) {
        int size = Integer.parseInt(Part.option(options, "--cluster-size=", "1"));
        int minIsr = Integer.parseInt(Part.option(options, "--min-insync-replicas=",
                Integer.toString(KafkaCluster.defaultMinInsyncReplicas(size))));
        return KafkaBroker.member(Path.of(Part.option(options, "--data-dir=", "./.local-data/kafka")),
                Integer.parseInt(Part.option(options, "--node-id=", "1")),
                Integer.parseInt(Part.option(options, "--port=", "9092")),
                Integer.parseInt(Part.option(options, "--controller-port=", "9093")),
                Part.option(options, "--voters=", ""), Part.option(options, "--cluster-id=", ""),
                KafkaCluster.settings(size, minIsr), false);
    }
}
