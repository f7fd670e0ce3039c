package org.alliancetracker.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * P3: from a 2xx answer to the changed country view arriving on {@code /api/v1/stream}. Posts of $1.00 each go to the
 * one HN grant at a fixed rate (open loop: sent on schedule whatever the answers do); the HN view's {@code disbursed}
 * only grows, so once k posts have been answered, the k-th answer's change has arrived when a view shows at least
 * base + k dollars. Latency of the k-th answer = arrival of the first such view − the k-th answer (0 if the view came
 * first: the event can be applied before the HTTP answer reaches the client).
 */
final class Freshness {

    private static final long CENTS = 100;

    record Result(int answered, int failed, double p50Millis, double p99Millis, double maxMillis) {
    }

    private record Arrival(long nanos, long cents) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final BenchStack stack;
    private final String authorization;

    Freshness(BenchStack stack) {
        this.stack = stack;
        this.authorization = stack.clients().bearer(Budget.AGENCY_CLIENT);
    }

    Result run(String keyPrefix, double perSecond, Duration duration) throws Exception {
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = client.sendAsync(HttpRequest.newBuilder(
                        URI.create(stack.url("reporting") + "/api/v1/stream?country=HN"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = Thread.ofPlatform().daemon().name("sse").start(() -> read(stream, arrivals));
        try {
            Api.await("the first HN view on the stream", Duration.ofSeconds(30), () -> !arrivals.isEmpty());
            long base = arrivals.getLast().cents();
            List<Long> answers = Collections.synchronizedList(new ArrayList<>());
            AtomicLong failed = new AtomicLong();
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            long count = Math.round(perSecond * duration.toMillis() / 1000.0);
            long interval = Math.round(1e9 / perSecond);
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String key = keyPrefix + "-" + i;
                HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url("disbursement")
                                + "/api/v1/disbursements")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(Budget.disbursement(Budget.FRESHNESS_GRANT,
                                "1.00", key))).build();
                inFlight.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, error) -> {
                            long at = System.nanoTime();
                            if (error == null && response.statusCode() == 201) {
                                answers.add(at);
                            } else {
                                failed.incrementAndGet();
                            }
                        }));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            long expected = base + answers.size() * CENTS;
            Api.await("the HN view to show all " + answers.size() + " posts", Duration.ofSeconds(120),
                    () -> arrivals.getLast().cents() >= expected);
            List<Long> sortedAnswers = new ArrayList<>(answers);
            Collections.sort(sortedAnswers);
            List<Arrival> seen = List.copyOf(arrivals);
            List<Double> latencies = new ArrayList<>();
            int next = 0;
            for (int k = 1; k <= sortedAnswers.size(); k++) {
                long threshold = base + k * CENTS;
                while (seen.get(next).cents() < threshold) {
                    next++;
                }
                latencies.add(Math.max(0, seen.get(next).nanos() - sortedAnswers.get(k - 1)) / 1e6);
            }
            Collections.sort(latencies);
            return new Result(sortedAnswers.size(), (int) failed.get(), Stats.percentile(latencies, 50),
                    Stats.percentile(latencies, 99), latencies.isEmpty() ? Double.NaN : latencies.getLast());
        } finally {
            stream.cancel(true);
            stream.thenAccept(response -> response.body().close());
            reader.interrupt();
        }
    }

    private static void read(CompletableFuture<HttpResponse<Stream<String>>> stream, List<Arrival> arrivals) {
        try (Stream<String> lines = stream.join().body()) {
            String event = null;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "country-view".equals(event)) {
                    long at = System.nanoTime();
                    JsonNode view = Api.JSON.readTree(line.substring(5));
                    BigDecimal disbursed = view.get("disbursed").decimalValue();
                    arrivals.add(new Arrival(at, disbursed.setScale(2, java.math.RoundingMode.HALF_UP)
                            .movePointRight(2).longValue()));
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed at the end of the run
        }
    }
}
