package org.alliancetracker.reporting.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.platform.messaging.TopicDeclarations;
import org.alliancetracker.platform.observability.MessageTracing;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One binding per source topic ({@code appropriationEvents-in-0} … {@code outcomeEvents-in-0}), all into the same
 * views (the generations kept live, {@link LiveWrites}); each is a batch binding: the function gets every record of one poll and applies them with a few writes
 * ({@link Projector}) instead of several per event. The function blocks until the views are written; the binder
 * commits the poll's offsets after it returns.
 *
 * <p>A record that is not a valid event (it cannot be decoded, or its changes cannot be computed: pure functions of
 * the record, so retrying never helps) is dead-lettered by the function itself ({@link PoisonRecords}); the others of
 * the poll are applied. Any other failure (MongoDB unreachable) fails the whole poll, which the container retries
 * with a growing back-off, never skipping it: every write is guarded, so a retried poll applies only what is missing.
 */
@Configuration(proxyBeanMethods = false)
public class SourceEventsConsumer {

    /** The input bindings, in the order of {@link Topics#SOURCE_TOPICS}. */
    public static final List<String> BINDINGS = List.of("appropriationEvents-in-0", "grantEvents-in-0",
            "disbursementEvents-in-0", "outcomeEvents-in-0");

    @Bean
    SourceEventHandler sourceEventHandler(LiveWrites writes, Projection projection, EventCodec codec,
                                          PoisonRecords poisonRecords, ObjectProvider<MessageTracing> tracing) {
        return new SourceEventHandler(writes, projection, codec, poisonRecords,
                tracing.getIfAvailable(MessageTracing::none));
    }

    @Bean
    Consumer<Message<List<byte[]>>> appropriationEvents(SourceEventHandler handler) {
        return handler::accept;
    }

    @Bean
    Consumer<Message<List<byte[]>>> grantEvents(SourceEventHandler handler) {
        return handler::accept;
    }

    @Bean
    Consumer<Message<List<byte[]>>> disbursementEvents(SourceEventHandler handler) {
        return handler::accept;
    }

    @Bean
    Consumer<Message<List<byte[]>>> outcomeEvents(SourceEventHandler handler) {
        return handler::accept;
    }

    /** A failed poll is retried (after 200 ms, doubling up to 10 s) until it succeeds: never skipped. */
    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryFailedPolls() {
        return (container, destination, group) -> {
            ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
            backOff.setMaxInterval(Duration.ofSeconds(10).toMillis());
            container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        };
    }

    @Bean
    KafkaAdmin.NewTopics sourceDeadLetterTopics(TopicDeclarations topics) {
        return new KafkaAdmin.NewTopics(Topics.SOURCE_TOPICS.stream()
                .map(topic -> TopicBuilder.name(Topics.deadLetterTopic(topic)).partitions(topics.partitions())
                        .replicas(topics.replicationFactor()).build())
                .toArray(NewTopic[]::new));
    }

    /** Decodes each record of a poll, applies the valid ones, dead-letters the poison. */
    static final class SourceEventHandler implements Consumer<Message<List<byte[]>>> {
        private final LiveWrites writes;
        private final Projection projection;
        private final EventCodec codec;
        private final PoisonRecords poisonRecords;
        private final MessageTracing tracing;

        SourceEventHandler(LiveWrites writes, Projection projection, EventCodec codec, PoisonRecords poisonRecords,
                           MessageTracing tracing) {
            this.tracing = tracing;
            this.writes = writes;
            this.projection = projection;
            this.codec = codec;
            this.poisonRecords = poisonRecords;
        }

        @Override
        public void accept(Message<List<byte[]>> poll) {
            List<byte[]> payloads = poll.getPayload();
            MessageHeaders headers = poll.getHeaders();
            List<?> topics = list(headers, KafkaHeaders.RECEIVED_TOPIC);
            List<?> partitions = list(headers, KafkaHeaders.RECEIVED_PARTITION);
            List<?> offsets = list(headers, KafkaHeaders.OFFSET);
            List<?> keys = headers.get(KafkaHeaders.RECEIVED_KEY) instanceof List<?> k ? k : null;
            List<?> timestamps = headers.get(KafkaHeaders.RECEIVED_TIMESTAMP) instanceof List<?> t ? t : null;
            List<?> recordHeaders = headers.get(KafkaHeaders.BATCH_CONVERTED_HEADERS) instanceof List<?> h ? h : null;
            List<Projector.Applicable> applicable = new ArrayList<>(payloads.size());
            List<PoisonRecords.Poison> poison = new ArrayList<>();
            List<MessageTracing.Receiving> spans = new ArrayList<>();
            for (int i = 0; i < payloads.size(); i++) {
                SourcePosition position = new SourcePosition((String) topics.get(i),
                        ((Number) partitions.get(i)).intValue(), ((Number) offsets.get(i)).longValue());
                try {
                    CloudEvent<AllianceEvent> event = codec.decode(position.topic(), payloads.get(i));
                    List<ViewChange> changes = projection.changesFor(event, position);
                    // the record's own span (the binder's covers the poll), continued by the view it changes
                    MessageTracing.Receiving span = tracing.receiving(traceparent(recordHeaders, i), position.topic());
                    spans.add(span);
                    applicable.add(new Projector.Applicable(event, position, changes, span.traceparent()));
                } catch (RuntimeException notAnEvent) {
                    poison.add(new PoisonRecords.Poison(position, key(keys, i), payloads.get(i),
                            timestamps == null ? null : ((Number) timestamps.get(i)).longValue(), notAnEvent));
                }
            }
            Throwable failure = null;
            try {
                writes.apply(applicable);
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                for (MessageTracing.Receiving span : spans) {
                    span.end(failure);
                }
            }
            if (!poison.isEmpty()) {
                poisonRecords.send(poison);
            }
        }

        private static List<?> list(MessageHeaders headers, String name) {
            if (headers.get(name) instanceof List<?> values) {
                return values;
            }
            throw new IllegalArgumentException("Not a batch of Kafka records: no " + name + " list in " + headers);
        }

        /** The record's {@code traceparent} header (W3C trace context), so its trace goes on to the view it changes. */
        private static String traceparent(List<?> recordHeaders, int i) {
            if (recordHeaders == null || i >= recordHeaders.size()
                    || !(recordHeaders.get(i) instanceof java.util.Map<?, ?> map)) {
                return null;
            }
            return switch (map.get("traceparent")) {
                case byte[] bytes -> new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
                case String text -> text;
                case null, default -> null;
            };
        }

        private static byte[] key(List<?> keys, int i) {
            Object key = keys == null ? null : keys.get(i);
            return switch (key) {
                case null -> null;
                case byte[] bytes -> bytes;
                default -> key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            };
        }
    }
}
