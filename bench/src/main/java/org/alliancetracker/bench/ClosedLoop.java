package org.alliancetracker.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P1's load: a fixed number of requests in flight (closed loop: each worker sends its next request when the previous
 * one is answered), each with a fresh Idempotency-Key, round-robin over the grants. Counts 201 answers only.
 */
final class ClosedLoop {

    record Result(long created, Map<Integer, Long> others, double seconds) {
        double perSecond() {
            return created / seconds;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String authorization;
    private final List<String> grants;

    ClosedLoop(String url, String authorization, List<String> grants) {
        this.url = url;
        this.authorization = authorization;
        this.grants = grants;
    }

    Result run(String keyPrefix, int concurrency, Duration duration) throws InterruptedException {
        AtomicLong created = new AtomicLong();
        Map<Integer, Long> others = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            workers.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                long sequence = 0;
                while (System.nanoTime() < end) {
                    String key = keyPrefix + "-" + worker + "-" + sequence;
                    String grant = grants.get((int) ((worker + sequence) % grants.size()));
                    sequence++;
                    int status = post(key, Budget.disbursement(grant, "12.34", key));
                    if (System.nanoTime() > end) {
                        break;
                    }
                    if (status == 201) {
                        created.incrementAndGet();
                    } else {
                        others.merge(status, 1L, Long::sum);
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Result(created.get(), Map.copyOf(others), (System.nanoTime() - start) / 1e9);
    }

    private int post(String key, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
