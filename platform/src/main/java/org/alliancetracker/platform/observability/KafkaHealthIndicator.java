package org.alliancetracker.platform.observability;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Kafka health for the readiness probe: the cluster answers {@code describeCluster} within a short timeout. The
 * answer is kept for a few seconds, so probes of several kinds and frequent scrapes cost one admin call at most.
 */
public class KafkaHealthIndicator implements ReactiveHealthIndicator {

    private final ClusterAdmin cluster;
    private final Mono<Health> cached;

    public KafkaHealthIndicator(ClusterAdmin cluster, Duration cacheFor) {
        this.cluster = cluster;
        this.cached = Mono.fromCallable(this::check)
                .subscribeOn(Schedulers.boundedElastic())
                .cache(health -> cacheFor, error -> Duration.ZERO, () -> Duration.ZERO);
    }

    @Override
    public Mono<Health> health() {
        return cached;
    }

    private Health check() {
        long timeout = ClusterAdmin.TIMEOUT.toMillis();
        try {
            DescribeClusterResult cluster = this.cluster.admin()
                    .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout));
            String id = cluster.clusterId().get(timeout, TimeUnit.MILLISECONDS);
            int nodes = cluster.nodes().get(timeout, TimeUnit.MILLISECONDS).size();
            return Health.up().withDetail("clusterId", id).withDetail("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Health.down().withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .build();
        }
    }
}
