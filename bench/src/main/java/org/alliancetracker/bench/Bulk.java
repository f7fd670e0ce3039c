package org.alliancetracker.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.alliancetracker.events.Topics;

import tools.jackson.databind.JsonNode;

/**
 * P2: one NDJSON batch job of {@code lines} disbursements over the ingest grants, posted with the JDK's
 * {@code HttpClient} (which sends the whole body before it reads the answer), timed from the POST until the batch is
 * {@code COMPLETED} and until all of its events are on {@code alliance.disbursements}; with the MongoDB round trips
 * disbursement-service made meanwhile (the driver's command metrics, {@code mongodb_driver_commands_seconds_count} of
 * its Prometheus scrape: batch, relay, sweeps, everything).
 */
final class Bulk {

    record Result(long created, long lines, double acceptedSeconds, double completedSeconds, double onKafkaSeconds,
                  long mongoCommands) {
        double completedPerSecond() {
            return lines / completedSeconds;
        }

        double onKafkaPerSecond() {
            return created / onKafkaSeconds;
        }

        double commandsPerLine() {
            return (double) mongoCommands / lines;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Api api = new Api();
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

    Result run(Path upload, long lines, String batchKey) throws Exception {
        long before = kafka.endOffsets(Topics.DISBURSEMENTS);
        String base = stack.url("disbursement");
        String authorization = stack.clients().bearer(Budget.AGENCY_CLIENT);
        long commandsBefore = mongoCommands(base);
        double publishedBefore = published(base);
        long start = System.nanoTime();
        HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/disbursement-batches"))
                .header("Authorization", authorization).header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", batchKey).timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(upload)).build(), HttpResponse.BodyHandlers.ofString());
        double acceptedSeconds = (System.nanoTime() - start) / 1e9;
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("Batch job: " + posted.statusCode() + " " + posted.body());
        }
        String location = base + posted.headers().firstValue("Location").orElseThrow();
        JsonNode[] status = new JsonNode[1];
        Api.await("the batch job to complete", Duration.ofMinutes(60), () -> {
            try {
                status[0] = api.expectOk(api.get(location, stack.clients().bearer(Budget.AGENCY_CLIENT)),
                        "batch status").json();
            } catch (IllegalStateException noAnswer) {
                return false; // a status read that timed out on a loaded machine: polled again
            }
            return "COMPLETED".equals(status[0].get("state").asString());
        });
        double completedSeconds = (System.nanoTime() - start) / 1e9;
        long created = status[0].get("accepted").asLong();
        if (status[0].get("processed").asLong() != lines) {
            throw new IllegalStateException("Batch job of " + lines + " lines: " + status[0]);
        }
        long expected = before + created;
        Api.await("the batch's events on Kafka", Duration.ofMinutes(10),
                () -> kafka.endOffsets(Topics.DISBURSEMENTS) >= expected);
        double onKafkaSeconds = (System.nanoTime() - start) / 1e9;
        // the relay clears an entry right after Kafka acknowledged it, and counts it then: wait for all of the
        // batch's to be counted before counting commands (the backlog gauge is measured by a paced scan, which on
        // this store may be minutes old with a million documents)
        Api.await("the relay to count the batch's events", Duration.ofMinutes(5),
                () -> published(base) >= publishedBefore + created);
        long commands = mongoCommands(base) - commandsBefore;
        return new Result(created, lines, acceptedSeconds, completedSeconds, onKafkaSeconds, commands);
    }

    /** MongoDB commands disbursement-service has sent since it started (all collections, all commands). */
    long mongoCommands(String base) {
        return (long) metric(base, "mongodb_driver_commands_seconds_count");
    }

    /** Events disbursement-service's relay has published and Kafka acknowledged since it started. */
    double published(String base) {
        return metric(base, "alliance_events_published_total");
    }

    private double metric(String base, String name) {
        String scrape = api.expectOk(api.get(base + "/actuator/prometheus", null), "prometheus scrape").body();
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
