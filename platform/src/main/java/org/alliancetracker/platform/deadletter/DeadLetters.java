package org.alliancetracker.platform.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.deadletter.DeadLetterViews.Page;
import org.alliancetracker.platform.deadletter.DeadLetterViews.RedriveResult;
import org.alliancetracker.platform.deadletter.DeadLetterViews.Redriven;
import org.alliancetracker.platform.deadletter.DeadLetterViews.TopicSummary;
import org.alliancetracker.platform.messaging.InputBindings;
import org.alliancetracker.platform.messaging.RecordSender;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.platform.observability.ClusterAdmin;
import org.alliancetracker.platform.observability.EventTypes;
import org.alliancetracker.platform.web.ApiProblem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and re-drives the dead letters of the topics this service consumes ({@code <topic>.dlq}).
 *
 * <p>Re-driving republishes a dead letter to its original topic and partition with the same key, value and headers
 * (so the same CloudEvent id), minus the exception headers, plus {@code x-redriven-from}. Every consumer group of
 * the topic receives it again; for a group that had applied the event it is a duplicate ({@code EventClaims}), for
 * the group that dead-lettered it, the event is applied once. How far re-driving has got is the committed offset of
 * the re-drive consumer group ({@link DeadLetterProperties#redriveGroup()}) on each dead-letter partition, moved
 * only after the broker acknowledged the republished records, so a crash in between re-drives them again, which is
 * harmless. Re-driving one record by position never moves it.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int PAYLOAD_LIMIT = 4096;
    private static final String EXCEPTION_PREFIX = "x-exception-";
    private static final String ORIGINAL_PREFIX = "x-original-";

    private final ClusterAdmin cluster;
    private final RecordSender sender;
    private final InputBindings inputs;
    private final DeadLetterProperties properties;

    public DeadLetters(ClusterAdmin cluster, InputBindings inputs, DeadLetterProperties properties,
                       RecordSender sender) {
        this.cluster = cluster;
        this.sender = sender;
        this.inputs = inputs;
        this.properties = properties;
    }

    /** Per consumed topic: dead letters in total, re-driven, pending. */
    public List<TopicSummary> summary() {
        List<TopicSummary> summaries = new ArrayList<>();
        for (String topic : inputs.topics()) {
            Offsets offsets = offsets(Topics.deadLetterTopic(topic));
            List<String> groups = inputs.all().stream().filter(i -> i.topic().equals(topic))
                    .map(InputBindings.Input::group).distinct().toList();
            summaries.add(new TopicSummary(topic, Topics.deadLetterTopic(topic), groups, offsets.total(),
                    offsets.total() - offsets.pending(), offsets.pending()));
        }
        return summaries;
    }

    /** The dead letters of a consumed topic, oldest first, at most {@code limit}. */
    public Page list(String topic, int limit, boolean pendingOnly) {
        String dlq = deadLetterTopicOf(topic);
        Offsets offsets = offsets(dlq);
        Map<TopicPartition, Long> from = pendingOnly ? offsets.redriveFrom() : offsets.beginning();
        List<DeadLetter> records = read(from, offsets.end()).stream()
                .map(r -> view(r, offsets.redriveFrom().getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)))
                .sorted(Comparator.comparing(DeadLetter::deadLetteredAt).thenComparing(DeadLetter::partition)
                        .thenComparing(DeadLetter::offset))
                .limit(Math.max(0, limit))
                .toList();
        return new Page(topic, dlq, offsets.total(), offsets.pending(), records);
    }

    /** Republishes every dead letter of the topic not yet re-driven, then records that they were. */
    public synchronized RedriveResult redrivePending(String topic) {
        String dlq = deadLetterTopicOf(topic);
        Offsets offsets = offsets(dlq);
        List<ConsumerRecord<String, byte[]>> records = read(offsets.redriveFrom(), offsets.end());
        List<Redriven> redriven = republish(records);
        Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
        offsets.end().forEach((tp, end) -> {
            long reached = records.stream().filter(r -> r.partition() == tp.partition())
                    .mapToLong(r -> r.offset() + 1).max().orElse(offsets.redriveFrom().getOrDefault(tp, end));
            progress.put(tp, new OffsetAndMetadata(Math.max(reached, offsets.redriveFrom().getOrDefault(tp, 0L))));
        });
        try {
            cluster.admin().alterConsumerGroupOffsets(properties.redriveGroup(), progress).all()
                    .get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Re-driven " + redriven.size() + " dead letter(s) of " + topic
                    + " but could not record it (they will be re-driven again, harmlessly): " + e.getMessage(), e);
        }
        if (!redriven.isEmpty()) {
            log.info("Re-drove {} dead letter(s) from {} to {}", redriven.size(), dlq, topic);
        }
        return new RedriveResult(topic, dlq, redriven.size(), redriven);
    }

    /** Republishes the one dead letter at this position (whether or not it was re-driven before). */
    public RedriveResult redriveOne(String topic, int partition, long offset) {
        String dlq = deadLetterTopicOf(topic);
        TopicPartition tp = new TopicPartition(dlq, partition);
        Offsets offsets = offsets(dlq);
        if (!offsets.end().containsKey(tp) || offset < offsets.beginning().get(tp) || offset >= offsets.end().get(tp)) {
            throw ApiProblem.notFound("Dead letter", dlq + "-" + partition + "@" + offset);
        }
        List<ConsumerRecord<String, byte[]>> records = read(Map.of(tp, offset), Map.of(tp, offset + 1));
        List<Redriven> redriven = republish(records);
        log.info("Re-drove dead letter {}-{}@{} to {}", dlq, partition, offset, topic);
        return new RedriveResult(topic, dlq, redriven.size(), redriven);
    }

    private String deadLetterTopicOf(String topic) {
        List<String> consumed = inputs.topics();
        if (topic == null || !consumed.contains(topic)) {
            throw ApiProblem.invalidField("topic", "must be a topic this service consumes: one of " + consumed);
        }
        return Topics.deadLetterTopic(topic);
    }

    private List<Redriven> republish(List<ConsumerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> partitionCounts = new HashMap<>();
        List<Redriven> redriven = new ArrayList<>();
        try {
            List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                String target = text(record.headers(), SourcePosition.ORIGINAL_TOPIC);
                if (target == null) {
                    target = record.topic().substring(0, record.topic().length() - ".dlq".length());
                }
                Integer original = number(record.headers(), SourcePosition.ORIGINAL_PARTITION) instanceof Long p
                        ? p.intValue() : null;
                int count = partitionCounts.computeIfAbsent(target, this::partitionCount);
                Integer partition = original != null && original < count ? original : null;
                byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
                sent.add(new ProducerRecord<>(target, partition, key, record.value(), redriveHeaders(record)));
            }
            List<RecordMetadata> acknowledged = sender.sendAll(sent, properties.timeout());
            for (int i = 0; i < sent.size(); i++) {
                ConsumerRecord<String, byte[]> record = records.get(i);
                RecordMetadata metadata = acknowledged.get(i);
                redriven.add(new Redriven(record.partition(), record.offset(), eventId(record), metadata.topic(),
                        metadata.partition(), metadata.offset()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while re-driving", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a re-driven record (nothing recorded as "
                    + "re-driven; retry): " + e.getMessage(), e);
        }
        return redriven;
    }

    /** The dead letter's headers minus the exception ones, with only its latest original position, plus the mark. */
    private static Headers redriveHeaders(ConsumerRecord<String, byte[]> record) {
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            String key = header.key();
            if (!key.startsWith(EXCEPTION_PREFIX) && !key.startsWith(ORIGINAL_PREFIX)
                    && !key.equals(SourcePosition.REDRIVEN_FROM) && !key.equals(SourcePosition.DEAD_LETTER_GROUP)) {
                headers.add(header);
            }
        }
        for (String key : List.of(SourcePosition.ORIGINAL_TOPIC, SourcePosition.ORIGINAL_PARTITION,
                SourcePosition.ORIGINAL_OFFSET, SourcePosition.DEAD_LETTER_GROUP)) {
            Header last = record.headers().lastHeader(key);
            if (last != null) {
                headers.add(key, last.value());
            }
        }
        headers.add(SourcePosition.REDRIVEN_FROM, (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private int partitionCount(String topic) {
        try {
            return cluster.admin().describeTopics(List.of(topic)).allTopicNames()
                    .get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
        } catch (Exception e) {
            return Integer.MAX_VALUE; // unknown: keep the original partition
        }
    }

    /** Reads the records between the offsets (from inclusive, to exclusive) of each partition. */
    private List<ConsumerRecord<String, byte[]>> read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Map<TopicPartition, Long> wanted = new HashMap<>();
        to.forEach((tp, end) -> {
            long start = from.getOrDefault(tp, end);
            if (start < end) {
                wanted.put(tp, start);
            }
        });
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        if (wanted.isEmpty()) {
            return records;
        }
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(wanted.keySet());
            wanted.forEach(consumer::seek);
            long deadline = System.nanoTime() + properties.timeout().toNanos();
            Set<TopicPartition> open = new java.util.HashSet<>(wanted.keySet());
            while (!open.isEmpty() && records.size() < properties.maxRecords() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < to.get(tp) && records.size() < properties.maxRecords()) {
                        records.add(record);
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= to.get(tp));
            }
            if (!open.isEmpty() && records.size() < properties.maxRecords()) {
                throw new IllegalStateException("Could not read " + open + " to its end within "
                        + properties.timeout());
            }
        }
        records.sort(Comparator.comparing((ConsumerRecord<String, byte[]> r) -> r.partition())
                .thenComparing(ConsumerRecord::offset));
        return records;
    }

    /** Beginning, end and re-drive position of every partition of a dead-letter topic (empty if it does not exist). */
    private Offsets offsets(String dlq) {
        long timeout = properties.timeout().toMillis();
        try {
            Admin admin = cluster.admin();
            TopicDescription description = admin.describeTopics(List.of(dlq)).allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS).get(dlq);
            List<TopicPartition> partitions = description.partitions().stream()
                    .map(p -> new TopicPartition(dlq, p.partition())).toList();
            Map<TopicPartition, Long> beginning = listOffsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = listOffsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(properties.redriveGroup()).partitionsToOffsetAndMetadata()
                    .get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> redriveFrom = new HashMap<>();
            beginning.forEach((tp, first) -> {
                OffsetAndMetadata commit = committed.get(tp);
                redriveFrom.put(tp, Math.min(end.get(tp), Math.max(first, commit == null ? first : commit.offset())));
            });
            return new Offsets(beginning, end, redriveFrom);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return new Offsets(Map.of(), Map.of(), Map.of());
            }
            throw new IllegalStateException("Kafka did not answer about " + dlq + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer about " + dlq + " within " + properties.timeout(), e);
        }
    }

    private static Map<TopicPartition, Long> listOffsets(Admin admin, List<TopicPartition> partitions,
                                                         OffsetSpec spec)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private record Offsets(Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end,
                           Map<TopicPartition, Long> redriveFrom) {
        long total() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - beginning.get(e.getKey())).sum();
        }

        long pending() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - redriveFrom.get(e.getKey())).sum();
        }
    }

    private static DeadLetter view(ConsumerRecord<String, byte[]> record, long redriveFrom) {
        Long originalPartition = number(record.headers(), SourcePosition.ORIGINAL_PARTITION);
        String payload = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        if (payload != null && payload.length() > PAYLOAD_LIMIT) {
            payload = payload.substring(0, PAYLOAD_LIMIT) + "…";
        }
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), eventId(record), typeOf(record), text(record.headers(), SourcePosition.ORIGINAL_TOPIC),
                originalPartition == null ? null : originalPartition.intValue(),
                number(record.headers(), SourcePosition.ORIGINAL_OFFSET),
                text(record.headers(), SourcePosition.DEAD_LETTER_GROUP), text(record.headers(), "x-exception-fqcn"),
                text(record.headers(), "x-exception-message"), record.offset() < redriveFrom, payload);
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        String id = text(record.headers(), "ce_id");
        return id != null ? id : EventTypes.attribute(record.value(), "id");
    }

    private static String typeOf(ConsumerRecord<String, byte[]> record) {
        String type = text(record.headers(), EventTypes.HEADER);
        return type != null ? type : EventTypes.attribute(record.value(), "type");
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Long number(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] bytes = header.value();
        return switch (bytes.length) {
            case Integer.BYTES -> (long) ByteBuffer.wrap(bytes).getInt();
            case Long.BYTES -> ByteBuffer.wrap(bytes).getLong();
            default -> null;
        };
    }
}
