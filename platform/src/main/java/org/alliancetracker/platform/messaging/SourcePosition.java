package org.alliancetracker.platform.messaging;

import org.bson.conversions.Bson;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * Where a consumed event sits in Kafka. A document kept up to date by events records, per source topic-partition,
 * the last offset it applied ({@code applied.<topic>-<partition>}), and each update is conditional on it: a
 * redelivered or replayed record no longer matches and changes nothing (the {@code SourceEvent} pattern).
 */
public record SourcePosition(String topic, int partition, long offset) {

    public static final String APPLIED = "applied";

    public static SourcePosition of(Message<?> message) {
        String topic = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC, String.class);
        Integer partition = message.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION, Integer.class);
        Long offset = message.getHeaders().get(KafkaHeaders.OFFSET, Long.class);
        if (topic == null || partition == null || offset == null) {
            throw new IllegalArgumentException("Not a Kafka record: " + message.getHeaders());
        }
        return new SourcePosition(topic, partition, offset);
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

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
