package org.alliancetracker.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.alliancetracker.events.Topics;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

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

    private final WebClient client = WebClient.builder()
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024)).build();
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
        long start = System.nanoTime();
        AtomicLong created = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        // full duplex (Reactor Netty): the answer is read while the upload is sent, as the endpoint requires of
        // uploads whose answer outgrows the socket buffers
        client.post().uri(stack.url("disbursement") + "/api/v1/disbursements/batch")
                .contentType(MediaType.APPLICATION_NDJSON)
                .header("Authorization", stack.clients().bearer(Budget.AGENCY_CLIENT))
                .body(BodyInserters.fromPublisher(DataBufferUtils.read(upload, DefaultDataBufferFactory.sharedInstance,
                        64 * 1024), DataBuffer.class))
                .retrieve()
                .bodyToFlux(String.class)
                .doOnNext(line -> {
                    answered.incrementAndGet();
                    if (line.contains("\"status\":201")) {
                        created.incrementAndGet();
                    }
                })
                .then()
                .block(Duration.ofMinutes(30));
        double answeredSeconds = (System.nanoTime() - start) / 1e9;
        if (answered.get() != lines) {
            throw new IllegalStateException("Bulk upload of " + lines + " lines got " + answered.get() + " answers");
        }
        long expected = before + created.get();
        Api.await("the upload's events on Kafka", Duration.ofMinutes(5),
                () -> kafka.endOffsets(Topics.DISBURSEMENTS) >= expected);
        double onKafkaSeconds = (System.nanoTime() - start) / 1e9;
        return new Result(created.get(), answered.get(), answeredSeconds, onKafkaSeconds);
    }
}
