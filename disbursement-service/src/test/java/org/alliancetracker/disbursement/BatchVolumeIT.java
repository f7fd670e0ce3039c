package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.alliancetracker.events.GrantRef;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.outbox.OutboxRelay;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import reactor.core.publisher.Flux;

/**
 * A large upload through {@code POST /api/v1/disbursements/batch}, generated and read as streams on the client too,
 * with the throughput printed (no timing assertion). The service runs with production sweep settings on a database of
 * its own. Runs last ({@code @Order}): it leaves its events on {@code alliance.disbursements}, which a test recording
 * the topic from its beginning would otherwise have to read.
 *
 * <p>20,000 lines in {@code verify}, the most the synchronous endpoint takes (larger uploads are batch jobs, measured
 * by benchmark P2); {@code -Dbatch.volume.lines=N} for fewer ({@code -Dbatch.volume.grants=N} spreads the lines over N
 * grants, 20 by default).
 */
@DisbursementServiceTest
@Order(Integer.MAX_VALUE)
@DirtiesContext
class BatchVolumeIT extends InfrastructureProperties {

    static final int LINES = Integer.getInteger("batch.volume.lines", 20_000);
    static final int GRANTS = Integer.getInteger("batch.volume.grants", 20);
    static final int LINES_PER_BUFFER = 500;

    @Autowired
    WebTestClient http;
    @Autowired
    OutboxRelay relay;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void ownDatabaseAndProductionSweeps(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.database", () -> "disbursements-volume");
        registry.add("spring.cloud.stream.bindings.grantEvents-in-0.group", () -> "disbursement-volume");
        registry.add("alliance.disbursements.sweep-interval", () -> "5s");
        registry.add("alliance.disbursements.sweep-age", () -> "30s");
    }

    @Test
    void aLargeUploadStreamsThroughWithEveryLineAnsweredInOrderAndAccepted() {
        TestGrants grants = new TestGrants(http);
        List<GrantRef> grantRefs = IntStream.range(0, GRANTS)
                .mapToObj(i -> grants.award("VOLUME-" + i, "1000000000.00")).toList();
        String run = TestGrants.uniqueId("vol");
        Flux<DataBuffer> upload = Flux.range(0, (LINES + LINES_PER_BUFFER - 1) / LINES_PER_BUFFER)
                .map(chunk -> {
                    StringBuilder text = new StringBuilder(LINES_PER_BUFFER * 160);
                    for (int i = chunk * LINES_PER_BUFFER; i < Math.min(LINES, (chunk + 1) * LINES_PER_BUFFER); i++) {
                        text.append("{\"idempotencyKey\":\"").append(run).append('-').append(i)
                                .append("\",\"grantId\":\"").append(grantRefs.get(i % GRANTS).grantId())
                                .append("\",\"amount\":").append(amount(i).toPlainString())
                                .append(",\"currency\":\"USD\",\"valueDate\":\"2016-06-30\",\"reference\":\"INV-")
                                .append(i).append("\"}\n");
                    }
                    return DefaultDataBufferFactory.sharedInstance.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                });
        AtomicLong expectedLine = new AtomicLong(1);
        AtomicLong accepted = new AtomicLong();
        var client = Requests.parallelClient(port, 1);

        final long start = System.nanoTime();
        client.post().uri("/api/v1/disbursements/batch").contentType(MediaType.APPLICATION_NDJSON)
                .body(BodyInserters.fromDataBuffers(upload))
                .retrieve()
                .bodyToFlux(String.class)
                .doOnNext(line -> {
                    assertThat(line).startsWith("{\"line\":" + expectedLine.getAndIncrement() + ",");
                    if (line.contains("\"status\":201")) {
                        accepted.incrementAndGet();
                    }
                    if (expectedLine.get() % 10_000 == 1) {
                        System.out.printf("BULK: %,d answers after %.1f s%n", expectedLine.get() - 1,
                                (System.nanoTime() - start) / 1e9);
                    }
                })
                .blockLast(Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BULK: %,d NDJSON lines over %d grants answered in %.1f s = %,.0f records/s%n",
                LINES, GRANTS, seconds, LINES / seconds);

        assertThat(expectedLine.get() - 1).isEqualTo(LINES);
        assertThat(accepted.get()).isEqualTo(LINES);
        BigDecimal expected = IntStream.range(0, LINES).mapToObj(BatchVolumeIT::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal disbursed = grantRefs.stream().map(g -> grants.balance(g.grantId()).disbursed())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(disbursed).isEqualByComparingTo(expected);

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> relay.backlog() == 0);
        double published = (System.nanoTime() - start) / 1e9;
        System.out.printf("BULK: all %,d events relayed to Kafka %.1f s after the upload began%n", LINES, published);
    }

    private static BigDecimal amount(int i) {
        return Money.fromCents(100 + i % 9_900);
    }
}
