package org.alliancetracker.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.alliancetracker.infra.KafkaBroker;
import org.alliancetracker.infra.MongoWireServer;
import org.alliancetracker.localstack.AllianceServices.Service;

/**
 * One part of the local stack in its own JVM, so that an operator (or the chaos test) can kill and restart parts
 * independently:
 * <pre>
 *   Part kafka   --data-dir=DIR --port=9092 --controller-port=9093
 *        [--node-id=N --voters=… --cluster-id=… --cluster-size=N --min-insync-replicas=N]  (a cluster node)
 *   Part mongo   --data-dir=DIR --port=27017 [--in-memory]
 *   Part issuer  --port=9000
 *   Part grants|disbursement|reporting --kafka=HOST:PORT --mongo=URI [--server.port=…]
 *        [--alliance.security.issuer-uri=… and more Spring args]
 * </pre>
 * Each prints {@code READY <name>} on standard output when it serves, and {@code STOPPED <name>} when its shutdown
 * hook has closed it (the JVM may still write its class-data archive after that, see {@link ClassCache}).
 */
public final class Part {

    private Part() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("Part kafka|mongo|grants|disbursement|reporting [options]");
        }
        String name = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        CountDownLatch stop = new CountDownLatch(1);
        AutoCloseable running = switch (name) {
            case "kafka" -> options.stream().anyMatch(o -> o.startsWith("--node-id="))
                    ? KafkaClusterParts.node(options).start()
                    : KafkaBroker.durable(Path.of(option(options, "--data-dir=", "./.local-data/kafka")),
                    Integer.parseInt(option(options, "--port=", "9092")),
                    Integer.parseInt(option(options, "--controller-port=", "9093")), Map.of()).start();
            case "issuer" -> TokenIssuer.start(Integer.parseInt(option(options, "--port=",
                    Integer.toString(TokenIssuer.DEFAULT_PORT))));
            case "mongo" -> (options.contains("--in-memory") ? MongoWireServer.inMemory()
                    : MongoWireServer.fileBacked(Path.of(option(options, "--data-dir=", "./.local-data"))
                    .resolve("mongo.mv"))).start(Integer.parseInt(option(options, "--port=", "27017")));
            default -> service(Service.valueOf(name.toUpperCase(java.util.Locale.ROOT)), options);
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("While stopping " + name + ": " + e);
            }
            System.out.println("STOPPED " + name);
            System.out.flush();
            stop.countDown();
        }, "part-shutdown"));
        System.out.println("READY " + name);
        System.out.flush();
        stop.await();
    }

    private static AutoCloseable service(Service service, List<String> options) {
        String kafka = option(options, "--kafka=", "localhost:9092");
        String mongo = option(options, "--mongo=", "mongodb://localhost:27017");
        List<String> springArgs = options.stream()
                .filter(o -> !o.startsWith("--kafka=") && !o.startsWith("--mongo=")).toList();
        return AllianceServices.startOne(service, LocalStack.fixed(kafka, mongo), springArgs);
    }

    static String option(List<String> options, String prefix, String fallback) {
        return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length()))
                .findFirst().orElse(fallback);
    }
}
