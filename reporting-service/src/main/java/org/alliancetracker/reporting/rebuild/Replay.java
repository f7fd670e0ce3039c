package org.alliancetracker.reporting.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.projection.BatchProjector;
import org.alliancetracker.reporting.projection.Generation;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.PoisonRecords;
import org.alliancetracker.reporting.projection.Projection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Drives the active rebuild on the instance holding its lease (every instance looks once a second; one background
 * thread): replays the four source topics from their beginning with the rebuild's own consumer group into the new
 * generation, a poll at a time ({@link BatchProjector}: facts by {@code insertMany}, each view document written once
 * per poll), committing the group's offsets after each poll, so a takeover resumes where the replay was.
 *
 * <ol>
 * <li>{@code REPLAYING}: when the replay has reached the end of every partition (lag 0), the pointer is switched
 *     to the new generation (a conditional update: once): every instance reads it from its next pointer poll, and
 *     its country views (all marked changed) are re-published to the live streams;</li>
 * <li>{@code HANDOVER}: for the grace period the replay goes on (covering any poll of an instance that had not yet
 *     seen the rebuild) and live polls keep the replaced generation too; then the pointer stops naming a replaying
 *     generation ({@code released}): live polls write the new one only, unconditionally. The replay goes on for a
 *     few pointer polls more, until every instance has seen that;</li>
 * <li>{@code RETIRING}: no instance writes the replaced generation any more: its collections are dropped, as is the
 *     replay's consumer group: {@code DONE}.</li>
 * </ol>
 * A cancelled rebuild ({@code CANCELLING}) is un-named from the pointer, then its generation dropped. The current
 * generation is never written by the replay. A poison record is dead-lettered as live ones are, counted and noted in
 * the status, and does not stop the switch.
 */
@Component
class Replay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofMillis(500);
    private static final int NOTED_DEAD_LETTERS = 50;
    private static final Duration PREPARING_AT_MOST = Duration.ofMinutes(2);

    private final RebuildRuns runs;
    private final Generations generations;
    private final BatchProjector projector;
    private final Projection projection;
    private final EventCodec codec;
    private final PoisonRecords poisonRecords;
    private final KafkaProperties kafka;
    private final KafkaAdmin kafkaAdmin;
    private final ReactiveMongoTemplate mongo;
    private final ReportingProperties.Rebuild settings;
    private final String instance;
    private ScheduledExecutorService worker;
    private volatile boolean running;
    /** Whether this instance has held a rebuild's lease: only then is there one to give up when it stops. */
    private volatile boolean leased;

    Replay(RebuildRuns runs, Generations generations, BatchProjector projector, Projection projection,
           EventCodec codec, PoisonRecords poisonRecords, KafkaProperties kafka, KafkaAdmin kafkaAdmin,
           ReactiveMongoTemplate mongo, ReportingProperties properties) {
        this.runs = runs;
        this.generations = generations;
        this.projector = projector;
        this.projection = projection;
        this.codec = codec;
        this.poisonRecords = poisonRecords;
        this.kafka = kafka;
        this.kafkaAdmin = kafkaAdmin;
        this.mongo = mongo;
        this.settings = properties.rebuild();
        this.instance = settings.instance();
    }

    @Override
    public void start() {
        running = true;
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rebuild-replay");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker.shutdownNow();
        }
        if (!leased) {
            return; // nothing to give up: no store round trip while the application (or the store) shuts down
        }
        try {
            runs.release(instance);
        } catch (RuntimeException e) {
            log.debug("Rebuild lease not released: {}", e.toString()); // it expires
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void tick() {
        try {
            RebuildRun run = runs.load();
            if (run == null || !run.active()) {
                return;
            }
            if (RebuildRun.PREPARING.equals(run.phase())) {
                if (run.startedAt() != null && run.startedAt().isBefore(Instant.now().minus(PREPARING_AT_MOST))) {
                    log.warn("Rebuild never got ready (its instance went away while preparing it): cancelled");
                    runs.cancel();
                }
                return;
            }
            if (!runs.claim(instance, settings.lease())) {
                return;
            }
            leased = true;
            switch (run.phase()) {
                case RebuildRun.REPLAYING, RebuildRun.HANDOVER -> replay(run);
                case RebuildRun.RETIRING -> retire(run, run.replaced(), RebuildRun.RETIRING);
                case RebuildRun.CANCELLING -> cancel(run);
                default -> log.warn("Rebuild in unknown phase {}", run.phase());
            }
        } catch (RuntimeException e) {
            log.warn("Rebuild step failed (retried): {}", e.toString());
        }
    }

    private void replay(RebuildRun run) {
        Generation target = new Generation(run.generation());
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(run.consumerGroup())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.SOURCE_TOPICS) {
                for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(java.util.Set.copyOf(partitions),
                    TIMEOUT);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata at = committed.get(tp);
                if (at == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, at.offset());
                }
            }
            log.info("Replaying into generation {} ({} partitions)", target.number(), partitions.size());
            String phase = run.phase();
            Instant switchedAt = run.switchedAt();
            Instant released = run.released();
            long replayed = 0;
            long deadLetters = 0;
            int noted = run.deadLettered() == null ? 0 : run.deadLettered().size();
            List<String> deadLettered = new ArrayList<>();
            long lastTick = 0;
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    List<String> poison = apply(target, records);
                    deadLetters += poison.size();
                    for (String at : poison) {
                        if (noted++ < NOTED_DEAD_LETTERS) {
                            deadLettered.add(at);
                        }
                    }
                    consumer.commitSync(TIMEOUT);
                    replayed += records.count();
                }
                if (!records.isEmpty() && System.nanoTime() - lastTick < TICK.toNanos()) {
                    continue;
                }
                lastTick = System.nanoTime();
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
                Map<String, Long> reached = new HashMap<>();
                Map<String, Long> lag = new HashMap<>();
                long lagTotal = 0;
                for (TopicPartition tp : partitions) {
                    long position = consumer.position(tp, TIMEOUT);
                    long behind = Math.max(0, end.getOrDefault(tp, position) - position);
                    reached.put(Rebuilder.key(tp), position);
                    lag.put(Rebuilder.key(tp), behind);
                    lagTotal += behind;
                }
                // everything before the position is applied (also offsets without a record: transaction markers)
                Map<String, Long> through = new HashMap<>();
                reached.forEach((key, position) -> through.put(key, position - 1));
                generations.advance(target, through);
                if (!runs.progress(instance, settings.lease(), replayed, deadLetters, deadLettered, reached, lag)) {
                    log.info("Rebuild lease lost: another instance drives it");
                    return;
                }
                replayed = 0;
                deadLetters = 0;
                deadLettered = new ArrayList<>();
                RebuildRun now = runs.load();
                if (now == null || !phase.equals(now.phase())) {
                    return; // cancelled: the next tick cleans up
                }
                if (lagTotal > 0) {
                    continue;
                }
                if (RebuildRun.REPLAYING.equals(phase)) {
                    switchViews(run);
                    phase = RebuildRun.HANDOVER;
                    switchedAt = Instant.now();
                } else if (released == null) {
                    if (switchedAt == null || Instant.now().isAfter(switchedAt.plus(settings.gracePeriod()))) {
                        released = release(run);
                    }
                } else if (Instant.now().isAfter(released.plus(settle()))) {
                    // every instance has seen the pointer without a replaying generation: all write the new one
                    runs.advance(instance, RebuildRun.HANDOVER, RebuildRun.RETIRING, null, null);
                    return;
                }
            }
        }
    }

    /** Applies one poll to the generation; returns where its poison records were (dead-lettered). */
    private List<String> apply(Generation target, ConsumerRecords<byte[], byte[]> records) {
        List<BatchProjector.Applicable> applicable = new ArrayList<>(records.count());
        List<PoisonRecords.Poison> poison = new ArrayList<>();
        List<SourcePosition> positions = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            SourcePosition position = new SourcePosition(record.topic(), record.partition(), record.offset());
            positions.add(position);
            try {
                CloudEvent<AllianceEvent> event = codec.decode(position.topic(), record.value());
                // the record's trace goes on to the view it changes, whichever writer (replay or live) applies it
                org.apache.kafka.common.header.Header trace = record.headers().lastHeader("traceparent");
                applicable.add(new BatchProjector.Applicable(event, position, projection.changesFor(event, position),
                        trace == null ? null : new String(trace.value(), java.nio.charset.StandardCharsets.US_ASCII)));
            } catch (RuntimeException notAnEvent) {
                poison.add(new PoisonRecords.Poison(position, record.key(), record.value(), record.timestamp(),
                        notAnEvent));
            }
        }
        projector.apply(target, applicable);
        if (!poison.isEmpty()) {
            poisonRecords.send(poison);
        }
        generations.advance(target, Generations.lastOffsets(positions));
        return poison.stream().map(p -> p.position().toString()).toList();
    }

    private void switchViews(RebuildRun run) {
        boolean switched = generations.switchTo(run.replaced(), run.generation())
                || generations.refresh().current() == run.generation(); // switched before a takeover
        if (!switched) {
            throw new IllegalStateException("The generation pointer moved: expected " + run.replaced()
                    + " to be current with " + run.generation() + " replaying");
        }
        generations.refresh();
        runs.advance(instance, RebuildRun.REPLAYING, RebuildRun.HANDOVER, RebuildRun.COMPLETED, "switchedAt");
        log.info("Views switched to generation {} (replacing {})", run.generation(), run.replaced());
    }

    /**
     * The end of the grace period: live polls write the new generation only (unconditionally). The replay goes on
     * for a few pointer polls more, covering the polls of instances that still see it as replaying (they write it
     * only where contiguous, and nobody moves that mark any more).
     */
    private Instant release(RebuildRun run) {
        Generations.Pointer pointer = generations.refresh();
        boolean detached = generations.detach(run.generation())
                || pointer.current() == run.generation() && pointer.replaying() == null;
        if (!detached) {
            throw new IllegalStateException("The generation pointer moved: expected " + run.generation()
                    + " to be current and replaying");
        }
        generations.refresh();
        runs.advance(instance, RebuildRun.HANDOVER, RebuildRun.HANDOVER, null, "released");
        log.info("Views of generation {} kept live by every instance; generation {} no longer written",
                run.generation(), run.replaced());
        return Instant.now();
    }

    /** Long enough for every instance to have read the pointer again since it changed. */
    private Duration settle() {
        return settings.pointerPoll().multipliedBy(4).plusSeconds(1);
    }

    private void cancel(RebuildRun run) {
        if (run.released() == null) {
            generations.abandon(run.generation());
            generations.refresh();
            runs.advance(instance, RebuildRun.CANCELLING, RebuildRun.CANCELLING, null, "released");
            return;
        }
        retire(run, run.generation(), RebuildRun.CANCELLING);
    }

    /** Drops a generation nobody writes any more, a few pointer polls after it stopped being written. */
    private void retire(RebuildRun run, int generation, String phase) {
        if (run.released() == null || Instant.now().isBefore(run.released().plus(settle()))) {
            return;
        }
        Generation dropped = new Generation(generation);
        if (generation != generations.refresh().current()) {
            for (String collection : dropped.collections()) {
                mongo.dropCollection(collection).block(TIMEOUT);
            }
            generations.forget(dropped);
        }
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            forgetGroup(admin, run.consumerGroup());
        }
        runs.advance(instance, phase, RebuildRun.DONE, null, "finishedAt");
        log.info("Rebuild done: generation {} dropped", generation);
    }

    /** Deletes a consumer group of an earlier replay (none: nothing to do). */
    static void forgetGroup(Admin admin, String group) {
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                log.debug("Consumer group {} not deleted: {}", group, e.getCause().toString());
            }
        } catch (Exception e) {
            log.debug("Consumer group {} not deleted: {}", group, e.toString());
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put("group.id", group);
        config.put("client.id", "reporting-rebuild-" + UUID.randomUUID());
        config.put("enable.auto.commit", false);
        config.put("auto.offset.reset", "earliest");
        config.put("max.poll.records", settings.maxPollRecords());
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
