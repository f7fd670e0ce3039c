package org.alliancetracker.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.alliancetracker.platform.observability.MessageTracing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.DisposableBean;

/**
 * The one way these services write to Kafka: one idempotent producer per service ({@code acks=all}, at most 5
 * requests in flight, so retries neither duplicate nor reorder a partition's records), shared by the outbox relay,
 * the dead-letter re-drive, reporting-service's dead letters and its country views. The producer settings of
 * {@code spring.kafka.producer.*} (delivery and request timeouts, say) apply to all of them.
 *
 * <p>Keys are written as UTF-8 bytes, as Kafka's {@code StringSerializer} writes them, so a key lands on the same
 * partition as before. A {@linkplain #send(ProducerRecord, String) traced send} is a PRODUCER span continuing the
 * given trace (its {@code traceparent} header carries it to the consumers), ended when the broker acknowledges or
 * refuses. A send that fails before it reaches the producer's buffer (a full buffer, a topic whose metadata does not
 * come) is a failed future too, never an exception: every caller handles one kind of failure.
 */
public final class RecordSender implements DisposableBean {

    private final KafkaProducer<byte[], byte[]> producer;
    private final MessageTracing tracing;

    public RecordSender(Map<String, Object> clientConfig, String clientId, MessageTracing tracing) {
        this.producer = new KafkaProducer<>(config(clientConfig, clientId), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.tracing = tracing;
    }

    /** The settings every producer of the services has, on top of the client's (servers, security, timeouts). */
    static Map<String, Object> config(Map<String, Object> clientConfig, String clientId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /** Sends a record with a text key in a PRODUCER span continuing {@code parentTraceparent} (a new trace if null). */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record, String parentTraceparent) {
        MessageTracing.Sending span = tracing.send(parentTraceparent, record.topic(), record.headers());
        CompletableFuture<RecordMetadata> sent = send(new ProducerRecord<>(record.topic(), record.partition(),
                record.timestamp(), record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                record.value(), record.headers()));
        sent.whenComplete((metadata, failure) -> span.end(failure));
        return sent;
    }

    /** Sends a record as it is (its key and headers untouched). */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    sent.completeExceptionally(failure);
                } else {
                    sent.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    /**
     * Sends all records, then waits until the broker acknowledged each, for at most {@code timeout} in all; their
     * metadata in the records' order.
     *
     * @throws ExecutionException the first record the broker did not take
     * @throws TimeoutException   not all acknowledged in time
     */
    public List<RecordMetadata> sendAll(List<ProducerRecord<byte[], byte[]>> records, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(records.size());
        records.forEach(record -> sent.add(send(record)));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<RecordMetadata> acknowledged = new ArrayList<>(sent.size());
        for (CompletableFuture<RecordMetadata> future : sent) {
            acknowledged.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
        return acknowledged;
    }

    /** Sends what is buffered and closes the producer (waiting at most 5 s). */
    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
