package org.alliancetracker.reporting.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.projection.SourceEventsConsumer;
import org.alliancetracker.reporting.projection.ViewIndexes;
import org.alliancetracker.reporting.projection.Views;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Rebuilds the views from the source topics: stops this instance's bindings, moves the consumer group back to the
 * beginning of every partition, drops the views, facts and claims, and starts the bindings again; the projection
 * does the rest. Progress is measured by position, not by counting calls (a retried record counts once): for each
 * partition, how far the bindings have got towards the end offset captured at the start.
 *
 * <p>The group's offsets can only be moved while it has no active member, so a rebuild needs this instance to be
 * the group's only consumer: with other instances running, it is refused ({@code rebuild-needs-sole-consumer}) and
 * nothing changes. Records published during a rebuild are applied too; they are just not part of its total.
 */
@Component
public class Rebuilder implements SourceEventsConsumer.RecordListener {

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectProvider<BindingsLifecycleController> bindings;
    private final KafkaAdmin kafkaAdmin;
    private final ReactiveMongoTemplate mongo;
    private final ViewIndexes indexes;
    private final String group;
    private final Sinks.Many<RebuildStatus> progress = Sinks.many().multicast().directBestEffort();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rebuild-progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Run run;
    private volatile RebuildStatus last = RebuildStatus.IDLE;

    public Rebuilder(ObjectProvider<BindingsLifecycleController> bindings, KafkaAdmin kafkaAdmin,
                     ReactiveMongoTemplate mongo, ViewIndexes indexes, ReportingProperties properties) {
        this.bindings = bindings;
        this.kafkaAdmin = kafkaAdmin;
        this.mongo = mongo;
        this.indexes = indexes;
        this.group = properties.consumerGroup();
    }

    /** The latest rebuild's progress ({@code IDLE} if none ran since this instance started). */
    public RebuildStatus status() {
        Run current = run;
        return current == null ? last : current.status();
    }

    /** Hot: progress while a rebuild runs (about twice a second), then its final status. */
    public Flux<RebuildStatus> progress() {
        return progress.asFlux();
    }

    /**
     * Starts a rebuild; blocks (admin calls, dropping collections) so call it off the event loop.
     *
     * @throws ApiProblem 409 {@code rebuild-in-progress} or {@code rebuild-needs-sole-consumer}
     */
    public synchronized RebuildStatus start() {
        if (run != null && run.status().running()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "rebuild-in-progress", "Rebuild in progress",
                    "A rebuild is already running; follow it on GET /api/v1/admin/rebuild").with("status", status());
        }
        changeBindings(BindingsLifecycleController.State.STOPPED);
        Run started;
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            awaitNoOtherMembers(admin);
            List<TopicPartition> partitions = partitions(admin);
            Map<TopicPartition, Long> beginning = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            beginning.forEach((tp, offset) -> reset.put(tp, new OffsetAndMetadata(offset)));
            admin.alterConsumerGroupOffsets(group, reset).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            for (String collection : Views.ALL) {
                mongo.dropCollection(collection).block(ADMIN_TIMEOUT);
            }
            indexes.ensure().block(ADMIN_TIMEOUT);
            started = new Run(beginning, end);
        } catch (ApiProblem problem) {
            changeBindings(BindingsLifecycleController.State.STARTED);
            throw problem;
        } catch (Exception e) {
            changeBindings(BindingsLifecycleController.State.STARTED);
            run = null;
            last = new RebuildStatus("FAILED", Instant.now(), Instant.now(), 0, 0, 0, e.toString());
            throw new IllegalStateException("Rebuild could not start: " + e.getMessage(), e);
        }
        run = started;
        log.info("Rebuild started: {} records to replay from {} partitions", started.total, started.end.size());
        progress.tryEmitNext(started.status()); // seen even when the replay ends before the first tick
        started.ticks = ticker.scheduleAtFixedRate(this::tick, 500, 500, TimeUnit.MILLISECONDS);
        changeBindings(BindingsLifecycleController.State.STARTED);
        started.checkDone();
        return started.status();
    }

    @Override
    public void handled(SourcePosition position) {
        Run current = run;
        if (current != null && current.finishedAt == null) {
            current.next.merge(new TopicPartition(position.topic(), position.partition()), position.offset() + 1,
                    Math::max);
            current.checkDone();
        }
    }

    private void tick() {
        Run current = run;
        if (current != null) {
            progress.tryEmitNext(current.status());
        }
    }

    private void awaitNoOtherMembers(Admin admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Collection<?> members;
            try {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(group);
                members = description.members();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return;
                }
                throw e;
            }
            if (members.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ApiProblem(HttpStatus.CONFLICT, "rebuild-needs-sole-consumer", "Other instances consume",
                        "Consumer group '" + group + "' has " + members.size() + " other active member(s); stop the "
                                + "other instances, then rebuild").with("activeMembers", members.size());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private static List<TopicPartition> partitions(Admin admin) throws Exception {
        return admin.describeTopics(Topics.SOURCE_TOPICS).allTopicNames()
                .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = admin.listOffsets(request).all()
                .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private void changeBindings(BindingsLifecycleController.State state) {
        BindingsLifecycleController controller = bindings.getObject();
        for (String binding : SourceEventsConsumer.BINDINGS) {
            controller.changeState(binding, state);
        }
    }

    @PreDestroy
    void shutdown() {
        ticker.shutdownNow();
    }

    /** One rebuild: where each partition started and must end, and how far the bindings got. */
    private final class Run {
        final Map<TopicPartition, Long> beginning;
        final Map<TopicPartition, Long> end;
        final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
        final long total;
        final Instant startedAt = Instant.now();
        final long startedNanos = System.nanoTime();
        volatile Instant finishedAt;
        volatile long elapsedNanos;
        volatile ScheduledFuture<?> ticks;

        Run(Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end) {
            this.beginning = Map.copyOf(beginning);
            this.end = Map.copyOf(end);
            long sum = 0;
            for (var e : end.entrySet()) {
                sum += e.getValue() - beginning.getOrDefault(e.getKey(), 0L);
            }
            this.total = sum;
        }

        long applied() {
            long sum = 0;
            for (var e : end.entrySet()) {
                long from = beginning.getOrDefault(e.getKey(), 0L);
                long reached = Math.min(next.getOrDefault(e.getKey(), from), e.getValue());
                sum += Math.max(0, reached - from);
            }
            return sum;
        }

        synchronized void checkDone() {
            if (finishedAt == null && applied() >= total) {
                elapsedNanos = System.nanoTime() - startedNanos;
                finishedAt = Instant.now();
                if (ticks != null) {
                    ticks.cancel(false);
                }
                RebuildStatus done = status();
                last = done;
                log.info("Rebuild completed: {} records in {} ms ({} per second)", total, elapsedNanos / 1_000_000,
                        done.eventsPerSecond());
                progress.tryEmitNext(done);
            }
        }

        RebuildStatus status() {
            long applied = applied();
            long nanos = finishedAt == null ? System.nanoTime() - startedNanos : elapsedNanos;
            long perSecond = nanos <= 0 ? 0 : Math.round(applied * 1e9 / nanos);
            return new RebuildStatus(finishedAt == null ? "RUNNING" : "COMPLETED", startedAt, finishedAt, total,
                    applied, perSecond, null);
        }
    }
}
