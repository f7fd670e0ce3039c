package org.alliancetracker.localstack.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.alliancetracker.localstack.StackProcesses;

/**
 * The local stack's parts as separate processes on free ports (Kafka, MongoDB-wire server, the three services),
 * each of which can be killed with SIGKILL and started again on the same ports and data.
 */
final class ChaosStack implements AutoCloseable {

    static final List<String> SERVICES = List.of("grants", "disbursement", "reporting");

    private final StackProcesses processes;
    private final Path dataDir;
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final int mongoPort = freePort();
    private final int issuerPort = freePort();
    private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
    private int failedStarts;

    ChaosStack(Path dataDir) {
        this.dataDir = dataDir;
        this.processes = new StackProcesses(dataDir.resolve("logs"), List.of("-XX:+UseSerialGC", "-Xss512k"));
        SERVICES.forEach(service -> servicePorts.put(service, freePort()));
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
        ready.forEach((service, signal) -> processes.await(service, signal, Duration.ofSeconds(180)));
    }

    private void startInfrastructure(Duration timeout) {
        processes.start("kafka", "kafka", List.of("--data-dir=" + dataDir.resolve("kafka"), "--port=" + kafkaPort,
                "--controller-port=" + controllerPort), timeout);
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
                "--kafka=localhost:" + kafkaPort,
                "--mongo=mongodb://localhost:" + mongoPort,
                "--server.port=" + servicePorts.get(service),
                "--logging.level.root=WARN",
                "--alliance.outbox.sweep-interval=500ms",
                "--alliance.outbox.sweep-age=2s",
                "--alliance.security.issuer-uri=" + issuerUrl(),
                "--alliance.security.jwk-set-uri=" + issuerUrl() + "/oauth2/jwks"));
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
        return "localhost:" + kafkaPort;
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
                processes.restart(part, Duration.ofSeconds(300));
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
