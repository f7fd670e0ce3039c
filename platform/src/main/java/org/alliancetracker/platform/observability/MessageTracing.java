package org.alliancetracker.platform.observability;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * W3C trace context across the places where the thread of a trace breaks: the outbox (an event is appended in a
 * request and published later by another thread), and Kafka records a service produces or reads by hand (outside
 * the binder, whose consumers are observed by Spring Kafka). Without a tracer every method is a no-op.
 */
public final class MessageTracing {

    public static final String TRACEPARENT = "traceparent";
    private static final MessageTracing NONE = new MessageTracing(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    public MessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static MessageTracing none() {
        return NONE;
    }

    /** The {@code traceparent} of the span current on this thread, or null outside any trace. */
    public String currentTraceparent() {
        if (tracer == null) {
            return null;
        }
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Starts a producer span for a record sent to {@code topic}, as a child of {@code parentTraceparent} (the trace
     * the event was created in), else of the current span, else a new trace; writes its context into the record's
     * headers. End it with {@link Sending#end} when the broker answered.
     */
    public Sending send(String parentTraceparent, String topic, Headers headers) {
        if (tracer == null) {
            return Sending.NONE;
        }
        Span.Builder builder = parentTraceparent == null ? null
                : propagator.extract(Map.of(TRACEPARENT, parentTraceparent), Map::get);
        Span span = (builder == null ? tracer.spanBuilder() : builder)
                .name(topic + " publish")
                .kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .start();
        headers.remove(TRACEPARENT);
        propagator.inject(span.context(), headers,
                (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
        return new Sending(span);
    }

    /**
     * Runs {@code work} in a consumer span continuing the trace in the record's headers (or a new one), e.g. where a
     * service reads a topic with its own consumer.
     */
    public <T> T receive(String topic, Headers headers, Supplier<T> work) {
        if (tracer == null) {
            return work.get();
        }
        Span span = propagator.extract(headers, (carrier, key) -> {
                    Header header = carrier.lastHeader(key);
                    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                })
                .name(topic + " receive")
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Starts a consumer span for one record of a poll applied as a whole (a batch binding, where the binder's span
     * covers the poll, not any record's trace): a child of the record's {@code traceparent}, named
     * {@code <topic> process}. Whatever the record causes later (a view published) continues
     * {@link Receiving#traceparent()}. End it when the poll is applied. Null {@code traceparent}: no span.
     */
    public Receiving receiving(String traceparent, String topic) {
        if (tracer == null || traceparent == null) {
            return Receiving.NONE;
        }
        Span.Builder builder = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        Span span = builder.name(topic + " process")
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .start();
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return new Receiving(span, carrier.get(TRACEPARENT));
    }

    /** A consumer span of one record of a poll, ended when the poll is applied. */
    public static final class Receiving {
        static final Receiving NONE = new Receiving(null, null);
        private final Span span;
        private final String traceparent;

        Receiving(Span span, String traceparent) {
            this.span = span;
            this.traceparent = traceparent;
        }

        /** The span's own context, for what the record causes; null without a span. */
        public String traceparent() {
            return traceparent;
        }

        public void end(Throwable failure) {
            if (span != null) {
                if (failure != null) {
                    span.error(failure);
                }
                span.end();
            }
        }
    }

    /** A producer span waiting for the broker's answer. */
    public static final class Sending {
        static final Sending NONE = new Sending(null);
        private final Span span;

        Sending(Span span) {
            this.span = span;
        }

        public void end(Throwable failure) {
            if (span != null) {
                if (failure != null) {
                    span.error(failure);
                }
                span.end();
            }
        }
    }
}
