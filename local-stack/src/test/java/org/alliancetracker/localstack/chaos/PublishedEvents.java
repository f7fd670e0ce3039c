package org.alliancetracker.localstack.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;

import org.alliancetracker.infra.MetricsScrape;

/**
 * Watches disbursement-service's {@code alliance_events_published_total} (events its outbox relay got acknowledged
 * by Kafka) a few times a second, keeping when it last rose: how long events waited in the outbox while the cluster
 * could not acknowledge writes is the gap between two rises.
 */
final class PublishedEvents implements AutoCloseable {

    private final String metricsUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** nanoTime of each observed rise → the count then. */
    private final ConcurrentSkipListMap<Long, Double> rises = new ConcurrentSkipListMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile double last = -1;

    PublishedEvents(String disbursementUrl) {
        this.metricsUrl = disbursementUrl + "/actuator/prometheus";
        this.sampler = Thread.ofVirtual().name("published-events").start(this::sample);
    }

    private void sample() {
        while (running) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    double count = MetricsScrape.parse(response.body()).sum("alliance_events_published_total");
                    // a restarted service counts from 0 again: any change is progress
                    if (count != last) {
                        rises.put(System.nanoTime(), count);
                        last = count;
                    }
                }
            } catch (Exception e) {
                // the service is being restarted or busy: nothing observed this time
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    /** The first rise after {@code since} (nanoTime), or null if none yet. */
    Long firstRiseAfter(long since) {
        return rises.higherKey(since);
    }

    /** The count last observed at or before {@code at} (nanoTime); 0 before the first observation. */
    double countAt(long at) {
        var entry = rises.floorEntry(at);
        return entry == null ? 0 : entry.getValue();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(Duration.ofSeconds(10));
    }
}
