package org.alliancetracker.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.alliancetracker.infra.ListenPorts;
import org.alliancetracker.localstack.DemoClients;
import org.alliancetracker.localstack.StackProcesses;

/**
 * The local stack for the load benchmarks: each part its own JVM ({@link StackProcesses}, the same parts as
 * {@code local-stack.jar --separate-processes}) on free ports, so the resident memory of each can be read and parts
 * can be stopped while others are measured. disbursement-service runs with the no-op endpoint of P1 enabled.
 */
final class BenchStack implements AutoCloseable {

    static final List<String> SERVICES = List.of("grants", "disbursement", "reporting");

    private final StackProcesses processes;
    private final Path dataDir;
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final int mongoPort = freePort();
    private final int issuerPort = freePort();
    private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
    private final List<String> serviceArgs;
    private DemoClients clients;

    BenchStack(Path dataDir, List<String> jvmOptions, List<String> serviceArgs) {
        this.dataDir = dataDir;
        this.serviceArgs = List.copyOf(serviceArgs);
        this.processes = new StackProcesses(dataDir.resolve("logs"), jvmOptions);
        SERVICES.forEach(service -> servicePorts.put(service, freePort()));
    }

    /** Starts every part, the services at once; returns the time from the first launch until all are ready. */
    Duration start() {
        long started = System.nanoTime();
        processes.start("kafka", "kafka", List.of("--data-dir=" + dataDir.resolve("kafka"), "--port=" + kafkaPort,
                "--controller-port=" + controllerPort), Duration.ofSeconds(120));
        processes.start("mongo", "mongo", List.of("--data-dir=" + dataDir, "--port=" + mongoPort),
                Duration.ofSeconds(60));
        processes.start("issuer", "issuer", List.of("--port=" + issuerPort), Duration.ofSeconds(120));
        Map<String, CompletableFuture<Void>> ready = new LinkedHashMap<>();
        for (String service : SERVICES) {
            ready.put(service, processes.launch(service, service, args(service)));
        }
        // three services starting at once on a shared 2-core machine: minutes (grants took over 240 s at load 35)
        ready.forEach((service, signal) -> processes.await(service, signal, Duration.ofSeconds(420)));
        clients = new DemoClients(issuerUrl());
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private List<String> args(String service) {
        List<String> args = new ArrayList<>(List.of(
                "--kafka=" + bootstrapServers(),
                "--mongo=mongodb://localhost:" + mongoPort,
                "--server.port=" + servicePorts.get(service),
                "--alliance.security.issuer-uri=" + issuerUrl(),
                "--alliance.security.jwk-set-uri=" + issuerUrl() + "/oauth2/jwks"));
        if (service.equals("disbursement")) {
            args.add("--alliance.bench.noop-endpoint=true");
        }
        args.addAll(serviceArgs);
        return args;
    }

    void stop(String part) {
        processes.stop(part);
    }

    void restart(String part) {
        processes.restart(part, Duration.ofSeconds(240));
    }

    long pid(String part) {
        return processes.pid(part);
    }

    List<String> parts() {
        return processes.names();
    }

    String mongoUri() {
        return "mongodb://localhost:" + mongoPort;
    }

    String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    String issuerUrl() {
        return "http://localhost:" + issuerPort;
    }

    String url(String service) {
        return "http://localhost:" + servicePorts.get(service);
    }

    DemoClients clients() {
        return clients;
    }

    Path logs() {
        return dataDir.resolve("logs");
    }

    @Override
    public void close() {
        processes.close();
    }

    /**
     * Below the ephemeral range (as the chaos stack's): a port from {@code new ServerSocket(0)} was taken by another
     * process's outgoing connection before disbursement-service bound it, on a machine shared with other builds.
     */
    static int freePort() {
        return ListenPorts.free();
    }
}
