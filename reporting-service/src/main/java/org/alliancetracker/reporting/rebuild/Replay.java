package org.alliancetracker.reporting.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.platform.worker.Worker;
import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.projection.Projector;
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
 * generation, a poll at a time ({@link Projector}: facts by {@code insertMany}, each view document written once
 * per poll), committing the group's offsets after each poll, so a takeover resumes where the replay was.
 *
 * <ol>
 * <li>{@code REPLAYING}: once the replay is within {@code max-poll-records} of the end of the partitions, and a few
 *     pointer polls after it began (so every instance knows the rebuild, and its requests read the pointer before
 *     the views), the current generation is frozen ({@link Generations#freeze}: live polls wait) and the end offsets
 *     read; when the replay has reached them, the cutover ({@link Generations#cutover}: one conditional update) makes
 *     the new generation current and fed, on every instance at once. Its country views (all marked changed) are
 *     re-published to the live streams;</li>
 * <li>{@code HANDOVER}: for the grace period the replaced generation stays (a request begun before the cutover may
 *     still be reading it); nobody writes it;</li>
 * <li>{@code RETIRING}: its collections are dropped, as is the replay's consumer group: {@code DONE}.</li>
 * </ol>
 * A cancelled rebuild ({@code CANCELLING}) is un-named from the pointer (the current generation fed again), then its
 * generation dropped. The current generation is never written by the replay. A poison record is dead-lettered as live
 * ones are, counted and noted in the status, and does not stop the switch.
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
    private final Projector projector;
    private final Projection projection;
    private final EventCodec codec;
    private final PoisonRecords poisonRecords;
    private final KafkaProperties kafka;
    private final KafkaAdmin kafkaAdmin;
    private final ReactiveMongoTemplate mongo;
    private final ReportingProperties.Rebuild settings;
    private final String instance;
    private final Worker worker = new Worker("rebuild-replay");
    private volatile boolean running;
    /** Whether this instance has held a rebuild's lease: only then is there one to give up when it stops. */
    private volatile boolean leased;

    Replay(RebuildRuns runs, Generations generations, Projector projector, Projection projection,
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
        worker.start().every(Duration.ofSeconds(1), Duration.ofSeconds(1), this::tick);
    }

    @Override
    public void stop() {
        running = false;
        worker.stop(Duration.ofSeconds(10));
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
                case RebuildRun.REPLAYING -> replay(run);
                case RebuildRun.HANDOVER -> handover(run);
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
            Instant since = Instant.now();
            Generations.Pointer pointer = generations.refresh();
            if (pointer.current() == run.generation()) {
                cutover(run); // the cutover was made before a takeover: only the rebuild's phase is behind
                return;
            }
            // frozen before a takeover: the end offsets read now are after the freeze too
            Map<TopicPartition, Long> cutoverAt = pointer.fed() == null ? consumer.endOffsets(partitions, TIMEOUT)
                    : null;
            long replayed = 0;
            long deadLetters = 0;
            int noted = run.deadLettered() == null ? 0 : run.deadLettered().size();
            List<String> deadLettered = new ArrayList<>();
            long lastTick = 0;
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(
                        Duration.ofMillis(cutoverAt == null ? 200 : 20));
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
                if (cutoverAt != null && reached(consumer, cutoverAt)) {
                    cutover(run);
                    return;
                }
                if (!records.isEmpty() && System.nanoTime() - lastTick < TICK.toNanos()) {
                    continue;
                }
                lastTick = System.nanoTime();
                Instant measured = Instant.now();
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
                if (!runs.progress(instance, settings.lease(), replayed, deadLetters, deadLettered, reached, lag)) {
                    log.info("Rebuild lease lost: another instance drives it");
                    return;
                }
                replayed = 0;
                deadLetters = 0;
                deadLettered = new ArrayList<>();
                RebuildRun now = runs.load();
                if (now == null || !RebuildRun.REPLAYING.equals(now.phase())) {
                    return; // cancelled: the next tick cleans up
                }
                if (cutoverAt == null && lagTotal <= settings.maxPollRecords()
                        && measured.isAfter(since.plus(settle()))) {
                    freeze(run);
                    cutoverAt = consumer.endOffsets(partitions, TIMEOUT); // read after the freeze
                }
            }
        }
    }

    /** Whether the replay has reached these offsets on every partition. */
    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> offsets) {
        for (Map.Entry<TopicPartition, Long> at : offsets.entrySet()) {
            if (consumer.position(at.getKey(), TIMEOUT) < at.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** After the cutover: the replaced generation stays for the grace period, then is retired. */
    private void handover(RebuildRun run) {
        if (run.switchedAt() == null || Instant.now().isAfter(run.switchedAt().plus(settings.gracePeriod()))) {
            runs.advance(instance, RebuildRun.HANDOVER, RebuildRun.RETIRING, null, null);
        }
    }

    /** Applies one poll to the generation; returns where its poison records were (dead-lettered). */
    private List<String> apply(Generation target, ConsumerRecords<byte[], byte[]> records) {
        List<Projector.Applicable> applicable = new ArrayList<>(records.count());
        List<PoisonRecords.Poison> poison = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            SourcePosition position = new SourcePosition(record.topic(), record.partition(), record.offset());
            try {
                CloudEvent<AllianceEvent> event = codec.decode(position.topic(), record.value());
                // the record's trace goes on to the view it changes, whichever writer (replay or live) applies it
                org.apache.kafka.common.header.Header trace = record.headers().lastHeader("traceparent");
                applicable.add(new Projector.Applicable(event, position, projection.changesFor(event, position),
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
        return poison.stream().map(p -> p.position().toString()).toList();
    }

    /** The current generation stops being fed: live polls wait for the cutover (or it was, before a takeover). */
    private void freeze(RebuildRun run) {
        if (!generations.freeze(run.replaced(), run.generation())) {
            Generations.Pointer pointer = generations.refresh();
            if (pointer.current() != run.replaced() || pointer.fed() != null
                    || !Integer.valueOf(run.generation()).equals(pointer.replaying())) {
                throw new IllegalStateException("The generation pointer moved: expected " + run.replaced()
                        + " to be current with " + run.generation() + " replaying");
            }
        }
        generations.refresh();
        log.info("Generation {} frozen for the cutover to generation {}", run.replaced(), run.generation());
    }

    /** Reads and live polls go to the new generation, on every instance at once. */
    private void cutover(RebuildRun run) {
        boolean switched = generations.cutover(run.replaced(), run.generation())
                || generations.refresh().current() == run.generation(); // switched before a takeover
        if (!switched) {
            throw new IllegalStateException("The generation pointer moved: expected " + run.replaced()
                    + " to be current and frozen with " + run.generation() + " replaying");
        }
        generations.refresh();
        runs.advance(instance, RebuildRun.REPLAYING, RebuildRun.HANDOVER, RebuildRun.COMPLETED, "switchedAt");
        runs.advance(instance, RebuildRun.HANDOVER, RebuildRun.HANDOVER, null, "released");
        log.info("Views switched to generation {} (replacing {})", run.generation(), run.replaced());
    }

    /**
     * Long enough for every instance to have read the pointer again since it changed; above the freshness a live
     * poll trusts a cached pointer naming no rebuild for ({@link Generations#forWriting}: two pointer polls).
     */
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
