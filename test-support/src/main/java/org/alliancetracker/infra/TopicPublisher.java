package org.alliancetracker.infra;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events (or any bytes) the way a producing service would: for tests of consumers and for demo tools. */
public final class TopicPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();

    private TopicPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "enable.idempotence", "true"), new StringSerializer(), new ByteArraySerializer());
    }

    public static TopicPublisher connect(String bootstrapServers) {
        return new TopicPublisher(bootstrapServers);
    }

    /** Wraps the event in a new CloudEvent and publishes it on its topic, keyed by its aggregate; waits for acks. */
    public CloudEvent<AllianceEvent> publish(AllianceEvent event, String source) {
        CloudEvent<AllianceEvent> envelope = codec.envelope(event, source);
        publish(envelope);
        return envelope;
    }

    public RecordMetadata publish(CloudEvent<?> envelope) {
        return send(envelope.topic(), envelope.key(), codec.encode(envelope));
    }

    /** Raw bytes, e.g. a poison record. */
    public RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Publish to " + topic + " failed", e.getCause());
        }
    }

    public RecordMetadata send(String topic, String key, String value) {
        return send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes with headers to one partition (null: by key). */
    public RecordMetadata send(String topic, Integer partition, String key, byte[] value, Map<String, byte[]> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header));
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Publish to " + topic + " failed", e.getCause());
        }
    }

    /**
     * Writes a record to {@code <topic>.dlq} exactly as the Spring Cloud Stream binder dead-letters one (the record,
     * its original position in {@code x-original-*}, the reason in {@code x-exception-*}) and the platform stamps
     * it ({@code x-dead-letter-group}): for tests of what operators do with dead letters.
     */
    public RecordMetadata deadLetter(String topic, int partition, long offset, String key, byte[] value, String group,
                                     String exceptionClass, String exceptionMessage) {
        Map<String, byte[]> headers = new java.util.LinkedHashMap<>();
        headers.put("x-original-topic", topic.getBytes(StandardCharsets.UTF_8));
        headers.put("x-original-partition", java.nio.ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
        headers.put("x-original-offset", java.nio.ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
        headers.put("x-exception-fqcn", exceptionClass.getBytes(StandardCharsets.UTF_8));
        headers.put("x-exception-message", exceptionMessage.getBytes(StandardCharsets.UTF_8));
        headers.put("x-dead-letter-group", group.getBytes(StandardCharsets.UTF_8));
        return send(topic + ".dlq", partition, key, value, headers);
    }

    @Override
    public void close() {
        producer.close();
    }
}
