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

    ChaosStack(Path dataDir) {
        this.dataDir = dataDir;
        this.processes = new StackProcesses(dataDir.resolve("logs"), List.of("-XX:+UseSerialGC", "-Xss512k"));
        SERVICES.forEach(service -> servicePorts.put(service, freePort()));
    }

    void start() {
        processes.start("kafka", "kafka", List.of("--data-dir=" + dataDir.resolve("kafka"), "--port=" + kafkaPort,
                "--controller-port=" + controllerPort), Duration.ofSeconds(90));
        processes.start("mongo", "mongo", List.of("--data-dir=" + dataDir, "--port=" + mongoPort),
                Duration.ofSeconds(60));
        processes.start("issuer", "issuer", List.of("--port=" + issuerPort), Duration.ofSeconds(90));
        Map<String, CompletableFuture<Void>> ready = new LinkedHashMap<>();
        for (String service : SERVICES) {
            ready.put(service, processes.launch(service, service, serviceArgs(service)));
        }
        ready.forEach((service, signal) -> processes.await(service, signal, Duration.ofSeconds(180)));
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
        return args;
    }

    String issuerUrl() {
        return "http://localhost:" + issuerPort;
    }

    String url(String service) {
        return "http://localhost:" + servicePorts.get(service);
    }

    void kill(String part) {
        processes.kill(part);
    }

    void restart(String part) {
        processes.restart(part, Duration.ofSeconds(180));
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
