package org.alliancetracker.localstack.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.alliancetracker.infra.KafkaCluster;
import org.alliancetracker.infra.ListenPorts;
import org.alliancetracker.localstack.KafkaClusterParts;
import org.alliancetracker.localstack.StackProcesses;

/**
 * The local stack's parts as separate processes on free ports (Kafka, MongoDB-wire server, the three services),
 * each of which can be killed with SIGKILL and started again on the same ports and data. Kafka is one broker
 * (part {@code kafka}) or a cluster of N nodes (parts {@code kafka-1} … {@code kafka-N}, topics of replication
 * factor 3 and min.insync.replicas 2).
 */
final class ChaosStack implements AutoCloseable {

    static {
        // the chaos store is in memory (every document of 100,000 disbursements, their outbox and the views on its
        // heap) and every part works through SIGKILLs and restarts: the local stack's default bounds (PartMemory)
        // are too small for that (the MongoDB-wire part spent its time in full GCs at 448m); -D overrides still win
        java.util.Map.of("mongo", "3g", "kafka", "512m", "grants", "512m", "disbursement", "768m", "reporting", "768m",
                        "issuer", "256m")
                .forEach((part, heap) -> System.setProperty("alliance.part.heap." + part,
                        System.getProperty("alliance.part.heap." + part, heap)));
    }

    static final List<String> SERVICES = List.of("grants", "disbursement", "reporting");

    private final StackProcesses processes;
    private final Path dataDir;
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final int mongoPort = freePort();
    private final int issuerPort = freePort();
    private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
    private final KafkaClusterParts cluster;
    private int failedStarts;

    ChaosStack(Path dataDir) {
        this(dataDir, 1);
    }

    /** {@code kafkaBrokers} 1: one broker (part {@code kafka}); more: a cluster, each node its own part. */
    ChaosStack(Path dataDir, int kafkaBrokers) {
        this.dataDir = dataDir;
        this.processes = new StackProcesses(dataDir.resolve("logs"), List.of("-XX:+UseSerialGC", "-Xss512k"));
        SERVICES.forEach(service -> servicePorts.put(service, freePort()));
        this.cluster = kafkaBrokers == 1 ? null : new KafkaClusterParts(KafkaCluster.durable(
                dataDir.resolve("kafka-cluster"), kafkaBrokers, 0, KafkaCluster.defaultMinInsyncReplicas(kafkaBrokers)));
    }

    void start() {
        start(SERVICES);
    }

    /** Starts Kafka, MongoDB, the token issuer and these services (one after another, so a loaded machine copes). */
    void startOnly(List<String> services) {
        startInfrastructure(Duration.ofSeconds(300));
        for (String service : services) {
            processes.start(service, service, serviceArgs(service), Duration.ofSeconds(420));
        }
    }

    private void start(List<String> services) {
        startInfrastructure(Duration.ofSeconds(90));
        Map<String, CompletableFuture<Void>> ready = new LinkedHashMap<>();
        for (String service : services) {
            ready.put(service, processes.launch(service, service, serviceArgs(service)));
        }
        // three services starting at once beside a cluster on a shared 2-core machine: minutes, not seconds
        ready.forEach((service, signal) -> processes.await(service, signal, Duration.ofSeconds(360)));
    }

    private void startInfrastructure(Duration timeout) {
        if (cluster == null) {
            processes.start("kafka", "kafka", List.of("--data-dir=" + dataDir.resolve("kafka"), "--port=" + kafkaPort,
                    "--controller-port=" + controllerPort), timeout);
        } else {
            cluster.launch(processes).forEach((part, signal) -> processes.await(part, signal, Duration.ofSeconds(360)));
        }
        List<String> mongoArgs = new ArrayList<>(List.of("--data-dir=" + dataDir, "--port=" + mongoPort));
        if (!"file".equals(System.getProperty("chaos.mongo", "memory"))) {
            // the database is never a victim: its own process keeps the data across every service crash
            mongoArgs.add("--in-memory");
        }
        processes.start("mongo", "mongo", mongoArgs, timeout);
        processes.start("issuer", "issuer", List.of("--port=" + issuerPort), timeout);
    }

    private List<String> serviceArgs(String service) {
        List<String> args = new ArrayList<>(List.of(
                "--kafka=" + kafkaBootstrapServers(),
                "--mongo=mongodb://localhost:" + mongoPort,
                "--server.port=" + servicePorts.get(service),
                "--logging.level.root=WARN",
                "--alliance.outbox.sweep-interval=500ms",
                "--alliance.outbox.sweep-age=2s",
                "--alliance.security.issuer-uri=" + issuerUrl(),
                "--alliance.security.jwk-set-uri=" + issuerUrl() + "/oauth2/jwks"));
        if (cluster != null) {
            args.add("--alliance.topics.replication-factor=" + cluster.cluster().replicationFactor());
        }
        if (!service.equals("disbursement")) {
            // alliance.disbursements has 6 partitions: three listener threads keep up with the load (every update is
            // conditional on its own partition's offset, so they never conflict)
            args.add("--spring.cloud.stream.bindings.disbursementEvents-in-0.consumer.concurrency=3");
        }
        if (service.equals("disbursement")) {
            // the sweeper settles what a crash interrupted; sooner here so that the ledger converges sooner
            args.add("--alliance.disbursements.sweep-interval=1s");
            args.add("--alliance.disbursements.sweep-age=5s");
        }
        return args;
    }

    String issuerUrl() {
        return "http://localhost:" + issuerPort;
    }

    String kafkaBootstrapServers() {
        return cluster == null ? "localhost:" + kafkaPort : cluster.cluster().bootstrapServers();
    }

    /** The part name of each Kafka node by node id (a cluster only). */
    Map<Integer, String> kafkaNodes() {
        Map<Integer, String> nodes = new java.util.TreeMap<>();
        cluster.cluster().layout().forEach(node -> nodes.put(node.id(), KafkaClusterParts.partName(node.id())));
        return nodes;
    }

    String mongoUri() {
        return "mongodb://localhost:" + mongoPort;
    }

    String url(String service) {
        return "http://localhost:" + servicePorts.get(service);
    }

    void kill(String part) {
        processes.kill(part);
    }

    /**
     * Starts a killed part again on the same ports and data. A start that fails is tried again (twice at most), as a
     * supervisor would; each failure is counted and its log's end printed, so that a run shows why.
     */
    void restart(String part) {
        for (int attempt = 1; ; attempt++) {
            try {
                // a shared, overloaded machine: a restarted broker has been seen to need more than 3 minutes
                processes.restart(part, Duration.ofSeconds(360));
                return;
            } catch (IllegalStateException e) {
                failedStarts++;
                System.out.println("CHAOS " + part + " did not start (attempt " + attempt + "): " + e.getMessage()
                        + "\n" + tail(dataDir.resolve("logs").resolve(part + ".log"), 40));
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Starts of a part that failed and were tried again. */
    int failedStarts() {
        return failedStarts;
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        processes.close();
    }

    /** Below the ephemeral range: a part restarted after a kill finds its port free (see {@link ListenPorts}). */
    private static int freePort() {
        return ListenPorts.free();
    }
}
