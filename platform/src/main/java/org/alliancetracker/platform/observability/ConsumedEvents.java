package org.alliancetracker.platform.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.observability.ObservationFunctionAroundWrapper;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.observation.ObservationRegistry;

/**
 * Wraps every consumer function of the service (Spring Cloud Function's around-wrapper, so no consumer needs code
 * for it) and, when the function returns, i.e. the record is applied (or recognised as a duplicate) and its offset
 * will be committed:
 * <ul>
 * <li>counts it: {@code alliance.events.consumed{consumer,topic,type}};</li>
 * <li>remembers the record's timestamp for {@code alliance.projection.freshness{consumer,topic}}: how long ago the
 *     last applied event was published (now − its timestamp), i.e. how fresh what the consumer maintains is.</li>
 * </ul>
 * A record whose function throws is neither counted nor fresh: it is retried and then dead-lettered. For a batch
 * binding (one message per poll, every header a list) each record of the poll is counted. Extends the
 * observation wrapper Spring Cloud Function would register, so each application still gets its own span.
 */
public class ConsumedEvents extends ObservationFunctionAroundWrapper {

    public static final String CONSUMED = "alliance.events.consumed";
    public static final String FRESHNESS = "alliance.projection.freshness";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastApplied = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ConsumedEvents(ObservationRegistry observations, MeterRegistry registry) {
        super(observations, null);
        this.registry = registry;
    }

    @Override
    protected Object doApply(Object input, FunctionInvocationWrapper function) {
        Object result = super.doApply(input, function);
        if (input instanceof Message<?> message) {
            applied(function.getFunctionDefinition(), message);
        }
        return result;
    }

    void applied(String consumer, Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        Object topics = headers.get(KafkaHeaders.RECEIVED_TOPIC);
        if (topics instanceof List<?> batchTopics && message.getPayload() instanceof List<?> payloads) {
            // a batch binding: one message for a whole poll, every header a list with one entry per record
            // each record's own headers (ce_type among them), so the type is read without parsing the payload
            List<?> recordHeaders = headers.get(KafkaHeaders.BATCH_CONVERTED_HEADERS) instanceof List<?> h ? h : null;
            List<?> timestamps = headers.get(KafkaHeaders.RECEIVED_TIMESTAMP) instanceof List<?> t ? t : null;
            for (int i = 0; i < payloads.size() && i < batchTopics.size(); i++) {
                Object type = entry(recordHeaders, i) instanceof Map<?, ?> own ? own.get(EventTypes.HEADER) : null;
                record(consumer, String.valueOf(batchTopics.get(i)), EventTypes.of(type, payloads.get(i)),
                        entry(timestamps, i) instanceof Number n ? n.longValue() : null);
            }
        } else if (topics instanceof String topic) {
            record(consumer, topic, EventTypes.of(headers.get(EventTypes.HEADER), message.getPayload()),
                    headers.get(KafkaHeaders.RECEIVED_TIMESTAMP) instanceof Number n ? n.longValue() : null);
        }
        // anything else is not a Kafka record
    }

    private static Object entry(List<?> values, int i) {
        return values == null || i >= values.size() ? null : values.get(i);
    }

    private void record(String consumer, String topic, String type, Long timestamp) {
        counters.computeIfAbsent(consumer + '|' + topic + '|' + type, key -> Counter.builder(CONSUMED)
                        .description("Events applied by a consumer (after any retries), by CloudEvents type")
                        .tags("consumer", consumer, "topic", topic, "type", type)
                        .register(registry))
                .increment();
        if (timestamp != null) {
            lastApplied.computeIfAbsent(consumer + '|' + topic, key -> {
                AtomicLong last = new AtomicLong();
                TimeGauge.builder(FRESHNESS, last, TimeUnit.MILLISECONDS,
                                at -> Math.max(0, System.currentTimeMillis() - at.get()))
                        .description("Now minus the publish time of the last event the consumer applied")
                        .tags("consumer", consumer, "topic", topic)
                        .register(registry);
                return last;
            }).accumulateAndGet(timestamp, Math::max);
        }
    }
}
