package org.alliancetracker.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import org.alliancetracker.infra.Infrastructure;
import org.alliancetracker.infra.KafkaBroker;
import org.alliancetracker.infra.KafkaCluster;
import org.alliancetracker.infra.MongoWireServer;
import org.alliancetracker.localstack.AllianceServices.Service;

/**
 * Runs the whole system on this machine with nothing but a JDK: a Kafka broker (KRaft) on localhost:9092 and a
 * file-backed MongoDB-wire server on localhost:27017 (both keeping their data under {@code --data-dir}), the OAuth2
 * token issuer with its demo clients on 9000, the three services on 8081, 8082 and 8080, and the demo data. If
 * {@code KAFKA_BOOTSTRAP_SERVERS}, {@code MONGODB_URI} or {@code ISSUER_URI} are set, those are used instead of
 * starting one. Ctrl-C stops everything cleanly.
 *
 * <pre>java -jar local-stack/target/local-stack.jar [--data-dir=PATH] [--no-demo-data] [--separate-processes]
 *      [--port-offset=N] [--kafka-brokers=N [--kafka-min-insync-replicas=M]] [--no-class-cache]</pre>
 * With {@code --separate-processes} each part runs in its own JVM (see {@link Part}), so any of them can be killed
 * and restarted on its own; they run from an extracted copy of this jar with a class-data archive each
 * ({@link ClassCache}) unless {@code --no-class-cache} or {@code ALLIANCE_CLASS_CACHE=false}. {@code --port-offset=N} adds N to every port above (a second stack beside a first one,
 * e.g. the benchmarks' start-up measurement). {@code --kafka-brokers=3} starts a Kafka cluster instead of one broker,
 * each node its own process on 9092, 9094, 9096 (controllers one port above), and the services create their topics
 * with replication factor 3 ({@code min.insync.replicas} 2 unless {@code --kafka-min-insync-replicas} says otherwise).
 */
public final class LocalStack {

    /**
     * JVM options of each part with {@code --separate-processes}, measured with the bench module (see
     * docs/benchmarks.md): six JVMs starting at once on a small machine spend their time compiling, so C1 only
     * ({@code TieredStopAtLevel=1}) starts them in about a third of the time; the serial collector, small thread
     * stacks and a heap that starts small and is given back after a collection keep them near 1.3 GiB resident at
     * start instead of 2.2 GiB. The price is peak throughput of long runs (C2 never compiles): see the report.
     */
    public static final List<String> PART_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-Xms24m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        Path dataDir = Path.of(option(args, "--data-dir=", "./.local-data")).toAbsolutePath().normalize();
        boolean demoData = !List.of(args).contains("--no-demo-data");
        int offset = Integer.parseInt(option(args, "--port-offset=", "0"));
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Alliance Tracker...");
            for (int i = running.size() - 1; i >= 0; i--) {
                try {
                    running.get(i).close();
                } catch (Exception e) {
                    System.err.println("While stopping: " + e);
                }
            }
            stopped.countDown();
        }, "local-stack-shutdown"));

        boolean separate = List.of(args).contains("--separate-processes");
        int kafkaBrokers = Integer.parseInt(option(args, "--kafka-brokers=", "1"));
        boolean classCache = !List.of(args).contains("--no-class-cache");
        StackProcesses processes = separate
                ? StackProcesses.fromLauncher(dataDir.resolve("logs"), PART_JVM_OPTIONS, classCache) : null;
        if (processes != null) {
            running.add(processes);
        }
        // separate processes: Kafka, MongoDB and the issuer start at once (they need nothing of each other)
        Map<String, java.util.concurrent.CompletableFuture<Void>> infraReady = new java.util.LinkedHashMap<>();
        List<String> clusterArgs = new ArrayList<>();
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if ((kafka == null || kafka.isBlank()) && kafkaBrokers > 1) {
            // a cluster: every node its own process (kill any of them), whether or not the rest is separate
            StackProcesses brokers = processes != null ? processes
                    : StackProcesses.fromLauncher(dataDir.resolve("logs"), PART_JVM_OPTIONS, classCache);
            if (processes == null) {
                running.add(brokers);
            }
            KafkaCluster cluster = KafkaCluster.durable(dataDir.resolve("kafka-cluster"), kafkaBrokers,
                    9092 + offset, Integer.parseInt(option(args, "--kafka-min-insync-replicas=",
                            Integer.toString(KafkaCluster.defaultMinInsyncReplicas(kafkaBrokers)))));
            Map<String, java.util.concurrent.CompletableFuture<Void>> nodes = new KafkaClusterParts(cluster)
                    .launch(brokers);
            if (processes != null) {
                infraReady.putAll(nodes);
            } else {
                nodes.forEach((part, signal) -> brokers.await(part, signal, Duration.ofSeconds(120)));
            }
            kafka = cluster.bootstrapServers();
            clusterArgs.add("--alliance.topics.replication-factor=" + cluster.replicationFactor());
            for (KafkaCluster.Node node : cluster.layout()) {
                System.out.println("Kafka node " + node.id() + " (KRaft, " + (node.id() <= KafkaCluster.CONTROLLER_QUORUM
                        ? "broker and controller on " + node.controllerPort() : "broker") + ") on localhost:"
                        + node.port() + ", pid " + brokers.pid(KafkaClusterParts.partName(node.id())) + ", data in "
                        + node.logDir());
            }
            System.out.println("Kafka cluster of " + kafkaBrokers + ": " + kafka + " (replication factor "
                    + cluster.replicationFactor() + ", min.insync.replicas " + cluster.minInsyncReplicas()
                    + "); logs in " + dataDir.resolve("logs"));
        }
        if (kafka == null || kafka.isBlank()) {
            if (processes != null) {
                infraReady.put("kafka", processes.launch("kafka", "kafka", List.of("--data-dir="
                        + dataDir.resolve("kafka"), "--port=" + (9092 + offset), "--controller-port=" + (9093 + offset))));
            } else {
                running.add(KafkaBroker.durable(dataDir.resolve("kafka"), 9092 + offset, 9093 + offset, Map.of())
                        .start());
            }
            kafka = "localhost:" + (9092 + offset);
            System.out.println("Kafka broker (KRaft) on " + kafka + ", data in " + dataDir.resolve("kafka"));
        }
        String mongo = System.getenv("MONGODB_URI");
        if (mongo == null || mongo.isBlank()) {
            if (processes != null) {
                infraReady.put("mongo", processes.launch("mongo", "mongo", List.of("--data-dir=" + dataDir,
                        "--port=" + (27017 + offset))));
            } else {
                running.add(MongoWireServer.fileBacked(dataDir.resolve("mongo.mv")).start(27017 + offset));
            }
            mongo = "mongodb://localhost:" + (27017 + offset);
            System.out.println("MongoDB-wire server on " + mongo + ", data in " + dataDir.resolve("mongo.mv"));
        }
        Infrastructure infrastructure = fixed(kafka, mongo);
        String issuer = System.getenv("ISSUER_URI");
        if (issuer == null || issuer.isBlank()) {
            if (processes != null) {
                infraReady.put("issuer", processes.launch("issuer", "issuer",
                        List.of("--port=" + (TokenIssuer.DEFAULT_PORT + offset))));
                issuer = "http://localhost:" + (TokenIssuer.DEFAULT_PORT + offset);
            } else {
                TokenIssuer tokenIssuer = TokenIssuer.start(TokenIssuer.DEFAULT_PORT + offset);
                running.add(tokenIssuer);
                issuer = tokenIssuer.url();
            }
            System.out.println("Token issuer (OAuth2, demo clients) on " + issuer);
        }

        Map<Service, String> urls = new java.util.EnumMap<>(Service.class);
        if (processes != null) {
            infraReady.forEach((part, signal) -> processes.await(part, signal, Duration.ofSeconds(90)));
            Map<Service, java.util.concurrent.CompletableFuture<Void>> ready = new java.util.EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                String name = service.name().toLowerCase(java.util.Locale.ROOT);
                List<String> partArgs = new java.util.ArrayList<>(List.of("--kafka=" + kafka, "--mongo=" + mongo));
                partArgs.add("--server.port=" + (service.defaultPort() + offset));
                partArgs.addAll(TokenIssuer.serviceArgs(issuer));
                partArgs.addAll(clusterArgs);
                ready.put(service, processes.launch(name, name, partArgs));
                urls.put(service, "http://localhost:" + (service.defaultPort() + offset));
            }
            ready.forEach((service, signal) -> processes.await(service.name().toLowerCase(java.util.Locale.ROOT),
                    signal, Duration.ofSeconds(120)));
            System.out.println("Services run as separate processes; logs in " + dataDir.resolve("logs"));
        } else {
            Map<Service, Integer> ports = new java.util.EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, service.defaultPort() + offset);
            }
            List<String> serviceArgs = new ArrayList<>(TokenIssuer.serviceArgs(issuer));
            serviceArgs.addAll(clusterArgs);
            AllianceServices services = AllianceServices.start(infrastructure, ports, serviceArgs);
            running.add(services);
            for (Service service : Service.values()) {
                urls.put(service, services.url(service));
            }
        }
        awaitHealthy(urls);
        Duration healthy = Duration.ofNanos(System.nanoTime() - started);

        if (demoData) {
            boolean loaded = new DemoData(urls.get(Service.GRANTS), urls.get(Service.DISBURSEMENT), issuer).load();
            System.out.println(loaded ? "Demo data loaded (appropriations from the public record; the rest illustrative)."
                    : "Demo data already present.");
        }
        System.out.printf("""

                Alliance Tracker is up (healthy after %.1f s):
                  dashboard & reports  %s/            (GET /api/v1/summary, /api/v1/countries/GT)
                  grants-service       %s/api/v1      (appropriations, allocations, grants)
                  disbursement-service %s/api/v1      (POST /disbursements with Idempotency-Key)
                  token issuer         %s/oauth2/token (demo clients, see README)
                  Kafka                %s
                  MongoDB              %s
                Ctrl-C to stop.
                %n""", healthy.toMillis() / 1000.0, urls.get(Service.REPORTING), urls.get(Service.GRANTS),
                urls.get(Service.DISBURSEMENT), issuer, kafka, mongo);
        stopped.await();
    }

    static void awaitHealthy(Map<Service, String> urls) {
        Http http = new Http();
        urls.forEach((service, base) -> {
            String url = base + "/actuator/health";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!http.get(url).ok()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service + " did not become healthy: " + http.get(url).body());
                }
                pause(Duration.ofMillis(100));
            }
        });
    }

    static Infrastructure fixed(String kafka, String mongo) {
        return new Infrastructure() {
            @Override
            public String kafkaBootstrapServers() {
                return kafka;
            }

            @Override
            public String mongoUri() {
                return mongo;
            }
        };
    }

    static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    private static String option(String[] args, String prefix, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return fallback;
    }
}
