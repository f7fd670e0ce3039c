package org.alliancetracker.reporting.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.platform.worker.Worker;
import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.projection.Generation;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.ViewIndexes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Starts, cancels and reports rebuilds of the views into a new generation, while every instance keeps serving (and
 * keeping live) the current one; {@link Replay} does the work on whichever instance holds the rebuild's lease.
 *
 * <p>Start: the source partitions' beginning and end offsets are noted (the total), the new generation's collections
 * are created empty with their indexes, and the pointer names it as {@code replaying} (from then on every request
 * reads the pointer before the views). A second rebuild while one is active is
 * refused ({@code rebuild-in-progress}); cancelling is possible until the switch.
 *
 * <p>Status is read from the stored rebuild, so every instance reports the same progress, and every instance's SSE
 * clients get it ({@link #progress()}, polled every {@code pointer-poll}).
 */
@Component
public class Rebuilder {

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final RebuildRuns runs;
    private final Generations generations;
    private final ViewIndexes indexes;
    private final KafkaAdmin kafkaAdmin;
    private final ReactiveMongoTemplate mongo;
    private final String group;
    private final Sinks.Many<RebuildStatus> progress = Sinks.many().multicast().directBestEffort();
    private final Worker poller = new Worker("rebuild-progress");
    private volatile RebuildStatus last = RebuildStatus.IDLE;

    public Rebuilder(RebuildRuns runs, Generations generations, ViewIndexes indexes, KafkaAdmin kafkaAdmin,
                     ReactiveMongoTemplate mongo, ReportingProperties properties) {
        this.runs = runs;
        this.generations = generations;
        this.indexes = indexes;
        this.kafkaAdmin = kafkaAdmin;
        this.mongo = mongo;
        this.group = properties.consumerGroup();
        Duration every = properties.rebuild().pointerPoll();
        poller.start().every(every, every, this::poll);
    }

    /** The latest rebuild's progress ({@code IDLE} if there never was one). */
    public RebuildStatus status() {
        return RebuildStatus.of(runs.load(), Instant.now());
    }

    /** Hot: the rebuild's progress whenever it changes (any instance's rebuild), then its final status. */
    public Flux<RebuildStatus> progress() {
        return progress.asFlux();
    }

    private void poll() {
        try {
            RebuildStatus now = status();
            RebuildStatus before = last;
            last = now;
            if (!now.equals(before) && (now.generation() != null)) {
                progress.tryEmitNext(now);
            }
        } catch (RuntimeException e) {
            log.debug("Rebuild status not read: {}", e.toString());
        }
    }

    /**
     * Starts a rebuild; blocks (admin calls, creating collections) so call it off the event loop.
     *
     * @throws ApiProblem 409 {@code rebuild-in-progress}
     */
    public synchronized RebuildStatus start() {
        RebuildRun existing = runs.load();
        if (existing != null && existing.active()) {
            throw inProgress();
        }
        Generations.Pointer pointer = generations.refresh();
        if (pointer.replaying() != null && pointer.replaying() != pointer.current()) {
            throw inProgress();
        }
        int number = Math.max(pointer.current(), existing == null ? 0 : existing.generation()) + 1;
        Generation generation = new Generation(number);
        Map<String, Long> from = new HashMap<>();
        Map<String, Long> to = new HashMap<>();
        String consumerGroup = group + "-rebuild-g" + number;
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            List<TopicPartition> partitions = partitions(admin);
            offsets(admin, partitions, OffsetSpec.earliest()).forEach((tp, o) -> from.put(key(tp), o));
            offsets(admin, partitions, OffsetSpec.latest()).forEach((tp, o) -> to.put(key(tp), o));
            Replay.forgetGroup(admin, consumerGroup);
        } catch (Exception e) {
            throw new IllegalStateException("Rebuild could not start: " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        RebuildRun run = new RebuildRun(RebuildRun.ID, number, pointer.current(), RebuildRun.RUNNING,
                RebuildRun.PREPARING, consumerGroup, now, null, null, null, from, to, from, Map.of(), 0, 0, List.of(),
                null, null, null);
        if (!runs.start(run)) {
            throw inProgress();
        }
        for (String collection : generation.collections()) {
            mongo.dropCollection(collection).block(ADMIN_TIMEOUT); // left by a run that never finished, if any
        }
        indexes.ensure(generation).block(ADMIN_TIMEOUT);
        if (!generations.attach(pointer.current(), number)) {
            runs.cancel(); // the worker drops what was created
            throw inProgress();
        }
        if (!runs.ready()) {
            return status(); // cancelled while it was being prepared
        }
        log.info("Rebuild started: generation {} replacing {}, {} records to replay from {} partitions", number,
                pointer.current(), run.total(), to.size());
        RebuildStatus status = status();
        progress.tryEmitNext(status);
        return status;
    }

    /**
     * Cancels the rebuild if it has not switched yet: the replay stops and its generation is dropped.
     *
     * @throws ApiProblem 409 {@code rebuild-not-cancellable}
     */
    public RebuildStatus cancel() {
        if (!runs.cancel()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "rebuild-not-cancellable", "No rebuild to cancel",
                    "No rebuild is replaying (none started, or it has already switched the views)")
                    .with("status", status());
        }
        log.info("Rebuild cancelled");
        return status();
    }

    private ApiProblem inProgress() {
        return new ApiProblem(HttpStatus.CONFLICT, "rebuild-in-progress", "Rebuild in progress",
                "A rebuild is already running (or handing over); follow it on GET /api/v1/admin/rebuild")
                .with("status", status());
    }

    static String key(TopicPartition tp) {
        return Generation.key(tp.topic(), tp.partition());
    }

    static List<TopicPartition> partitions(Admin admin) throws Exception {
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

    @PreDestroy
    void shutdown() {
        poller.stop();
    }
}
