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
import org.alliancetracker.infra.MongoWireServer;
import org.alliancetracker.localstack.AllianceServices.Service;

/**
 * Runs the whole system on this machine with nothing but a JDK: a Kafka broker (KRaft) on localhost:9092 and a
 * file-backed MongoDB-wire server on localhost:27017 (both keeping their data under {@code --data-dir}), the three
 * services on 8081, 8082 and 8080, and the demo data. If {@code KAFKA_BOOTSTRAP_SERVERS} or {@code MONGODB_URI} are
 * set, those are used instead of starting one. Ctrl-C stops everything cleanly.
 *
 * <pre>java -jar local-stack/target/local-stack.jar [--data-dir=PATH] [--no-demo-data]</pre>
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        Path dataDir = Path.of(option(args, "--data-dir=", "./.local-data")).toAbsolutePath().normalize();
        boolean demoData = !List.of(args).contains("--no-demo-data");
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

        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (kafka == null || kafka.isBlank()) {
            KafkaBroker broker = KafkaBroker.durable(dataDir.resolve("kafka"), 9092, 9093, Map.of()).start();
            running.add(broker);
            kafka = broker.bootstrapServers();
            System.out.println("Kafka broker (KRaft) on " + kafka + ", data in " + dataDir.resolve("kafka"));
        }
        String mongo = System.getenv("MONGODB_URI");
        if (mongo == null || mongo.isBlank()) {
            MongoWireServer server = MongoWireServer.fileBacked(dataDir.resolve("mongo.mv")).start(27017);
            running.add(server);
            mongo = server.connectionString();
            System.out.println("MongoDB-wire server on " + mongo + ", data in " + dataDir.resolve("mongo.mv"));
        }
        Infrastructure infrastructure = fixed(kafka, mongo);

        AllianceServices services = AllianceServices.start(infrastructure, Map.of(), List.of());
        running.add(services);
        awaitHealthy(services);
        Duration healthy = Duration.ofNanos(System.nanoTime() - started);

        if (demoData) {
            boolean loaded = new DemoData(services.url(Service.GRANTS), services.url(Service.DISBURSEMENT)).load();
            System.out.println(loaded ? "Demo data loaded (appropriations from the public record; the rest illustrative)."
                    : "Demo data already present.");
        }
        System.out.printf("""

                Alliance Tracker is up (healthy after %.1f s):
                  dashboard & reports  %s/            (GET /api/v1/summary, /api/v1/countries/GT)
                  grants-service       %s/api/v1      (appropriations, allocations, grants)
                  disbursement-service %s/api/v1      (POST /disbursements with Idempotency-Key)
                  Kafka                %s
                  MongoDB              %s
                Ctrl-C to stop.
                %n""", healthy.toMillis() / 1000.0, services.url(Service.REPORTING), services.url(Service.GRANTS),
                services.url(Service.DISBURSEMENT), kafka, mongo);
        stopped.await();
    }

    static void awaitHealthy(AllianceServices services) {
        Http http = new Http();
        for (Service service : Service.values()) {
            String url = services.url(service) + "/actuator/health";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!http.get(url).ok()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service + " did not become healthy: " + http.get(url).body());
                }
                pause(Duration.ofMillis(100));
            }
        }
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
