package org.alliancetracker.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.alliancetracker.events.Topics;

/**
 * P2: one NDJSON upload of {@code lines} disbursements over the ingest grants, timed until the last answer line, and
 * until all of their events are on {@code alliance.disbursements} (the relay publishes after the answer).
 */
final class Bulk {

    record Result(long created, long lines, double answeredSeconds, double onKafkaSeconds) {
        double answeredPerSecond() {
            return created / answeredSeconds;
        }

        double onKafkaPerSecond() {
            return created / onKafkaSeconds;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final BenchStack stack;
    private final Kafka kafka;
    private final List<String> grants;

    Bulk(BenchStack stack, Kafka kafka, List<String> grants) {
        this.stack = stack;
        this.kafka = kafka;
        this.grants = grants;
    }

    Path write(Path file, String keyPrefix, int lines) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String key = keyPrefix + "-" + i;
                String body = Budget.disbursement(grants.get(i % grants.size()), "45.67", key);
                out.write(body, 0, body.length() - 1);
                out.write(",\"idempotencyKey\":\"" + key + "\"}\n");
            }
        }
        return file;
    }

    Result run(Path upload, long lines) throws Exception {
        long before = kafka.endOffsets(Topics.DISBURSEMENTS);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url("disbursement")
                        + "/api/v1/disbursements/batch")).timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", stack.clients().bearer(Budget.AGENCY_CLIENT))
                .POST(HttpRequest.BodyPublishers.ofFile(upload)).build();
        long start = System.nanoTime();
        AtomicLong created = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = response.body()) {
            body.forEach(line -> {
                answered.incrementAndGet();
                if (line.contains("\"status\":201")) {
                    created.incrementAndGet();
                }
            });
        }
        double answeredSeconds = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Bulk upload answered " + response.statusCode());
        }
        long expected = before + created.get();
        Api.await("the upload's events on Kafka", Duration.ofMinutes(5),
                () -> kafka.endOffsets(Topics.DISBURSEMENTS) >= expected);
        double onKafkaSeconds = (System.nanoTime() - start) / 1e9;
        return new Result(created.get(), answered.get(), answeredSeconds, onKafkaSeconds);
    }
}
