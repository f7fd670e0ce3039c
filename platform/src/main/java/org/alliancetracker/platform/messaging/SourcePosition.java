package org.alliancetracker.platform.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.bson.conversions.Bson;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * Where a consumed event sits in Kafka. A document kept up to date by events records, per source topic-partition,
 * the last offset it applied ({@code applied.<topic>-<partition>}), and each update is conditional on it: a
 * redelivered or replayed record no longer matches and changes nothing (the {@code SourceEvent} pattern).
 *
 * @param redrivenFrom for a record re-driven from a dead-letter topic to the consumer group that dead-lettered it,
 *                     the position where the event failed (its {@code x-original-*} headers); null otherwise.
 *                     {@link EventClaims} lets such a copy take over the claim its failed original made, so the
 *                     event is applied once, not never. Other groups see the copy as the duplicate it is for them.
 */
public record SourcePosition(String topic, int partition, long offset, SourcePosition redrivenFrom) {

    public static final String APPLIED = "applied";
    /** Header of a record re-driven from a dead-letter topic: {@code <dlq>-<partition>@<offset>}. */
    public static final String REDRIVEN_FROM = "x-redriven-from";
    public static final String ORIGINAL_TOPIC = "x-original-topic";
    public static final String ORIGINAL_PARTITION = "x-original-partition";
    public static final String ORIGINAL_OFFSET = "x-original-offset";
    /** The consumer group that dead-lettered the record (see {@code DeadLetterGroupHeader}). */
    public static final String DEAD_LETTER_GROUP = "x-dead-letter-group";

    public SourcePosition(String topic, int partition, long offset) {
        this(topic, partition, offset, null);
    }

    public static SourcePosition of(Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        String topic = headers.get(KafkaHeaders.RECEIVED_TOPIC, String.class);
        Integer partition = headers.get(KafkaHeaders.RECEIVED_PARTITION, Integer.class);
        Long offset = headers.get(KafkaHeaders.OFFSET, Long.class);
        if (topic == null || partition == null || offset == null) {
            throw new IllegalArgumentException("Not a Kafka record: " + headers);
        }
        SourcePosition original = null;
        String group = headers.get(KafkaHeaders.GROUP_ID, String.class);
        if (headers.containsKey(REDRIVEN_FROM) && group != null && group.equals(text(headers.get(DEAD_LETTER_GROUP)))) {
            String originalTopic = text(headers.get(ORIGINAL_TOPIC));
            Long originalPartition = number(headers.get(ORIGINAL_PARTITION));
            Long originalOffset = number(headers.get(ORIGINAL_OFFSET));
            if (originalTopic != null && originalPartition != null && originalOffset != null) {
                original = new SourcePosition(originalTopic, originalPartition.intValue(), originalOffset);
            }
        }
        return new SourcePosition(topic, partition, offset, original);
    }

    /** The field of a document holding the last offset applied from this topic-partition. */
    public String field() {
        return APPLIED + "." + topic.replace('.', '_') + "-" + partition;
    }

    /** Matches documents that have not yet applied this record (never saw the partition, or an earlier offset). */
    public Bson notYetApplied() {
        return Filters.not(Filters.gte(field(), offset));
    }

    /** Records this record as applied; combine with the change in the same update. */
    public Bson markApplied() {
        return Updates.set(field(), offset);
    }

    /** Same topic, partition and offset (whatever it was re-driven from). */
    public boolean samePlace(SourcePosition other) {
        return other != null && topic.equals(other.topic) && partition == other.partition && offset == other.offset;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + (redrivenFrom == null ? "" : " (re-driven from "
                + redrivenFrom + ")");
    }

    private static String text(Object header) {
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }

    /** The binder writes partition and offset as big-endian 4- and 8-byte integers. */
    private static Long number(Object header) {
        if (header instanceof byte[] bytes) {
            return switch (bytes.length) {
                case Integer.BYTES -> (long) ByteBuffer.wrap(bytes).getInt();
                case Long.BYTES -> ByteBuffer.wrap(bytes).getLong();
                default -> null;
            };
        }
        if (header instanceof Number n) {
            return n.longValue();
        }
        return null;
    }
}
