package org.alliancetracker.localstack.chaos;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A simulated agency posting disbursements as a careful real one would: every request has its own Idempotency-Key,
 * and a request without a definite answer (connection refused, timeout, 5xx) is retried with the same key until it
 * gets one (2xx or 4xx). It remembers every answer, so the test can compare what the agency was told with what the
 * system counts.
 */
final class Agency implements Runnable {

    /** What the agency was told for one disbursement. */
    record Outcome(String key, String grantId, long cents, int status, String disbursementId) {
    }

    private final String name;
    private final String disbursementUrl;
    private final List<String> grants;
    private final BooleanSupplier keepGoing;
    private final java.util.function.Function<String, String> authorization;
    private final Map<String, Outcome> outcomes;
    private final AtomicLong retries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Random random;

    Agency(String name, String disbursementUrl, List<String> grants, java.util.function.Function<String, String> authorization,
           BooleanSupplier keepGoing, Map<String, Outcome> outcomes, AtomicLong retries, long seed) {
        this.name = name;
        this.authorization = authorization;
        this.disbursementUrl = disbursementUrl;
        this.grants = grants;
        this.keepGoing = keepGoing;
        this.outcomes = outcomes;
        this.retries = retries;
        this.random = new Random(seed);
    }

    static Map<String, Outcome> newLedger() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public void run() {
        long sequence = 0;
        while (keepGoing.getAsBoolean()) {
            String key = name + "-" + (sequence++);
            String grantId = grants.get(random.nextInt(grants.size()));
            long cents = 100 + random.nextInt(99_900);
            LocalDate valueDate = LocalDate.of(2019, 1, 1).plusDays(random.nextInt(700));
            String body = "{\"grantId\":\"" + grantId + "\",\"amount\":" + BigDecimal.valueOf(cents, 2)
                    + ",\"currency\":\"USD\",\"valueDate\":\"" + valueDate + "\",\"reference\":\"" + key + "\"}";
            post(key, grantId, cents, body);
        }
    }

    private void post(String key, String grantId, long cents, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(disbursementUrl + "/api/v1/disbursements"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header("Authorization", authorization.apply(grantId))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    outcomes.put(key, new Outcome(key, grantId, cents, response.statusCode(),
                            response.statusCode() == 201 ? idOf(response.body()) : null));
                    return;
                }
            } catch (IOException e) {
                // no answer: the service may be down; retry with the same key
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            retries.incrementAndGet();
            LockSupport.parkNanos(Duration.ofMillis(200 + random.nextInt(300)).toNanos());
        }
        outcomes.put(key, new Outcome(key, grantId, cents, -1, null));
    }

    private static String idOf(String json) {
        int at = json.indexOf("\"id\":\"");
        return at < 0 ? null : json.substring(at + 6, json.indexOf('"', at + 6));
    }
}
