package org.alliancetracker.reporting.projection;

import java.util.List;
import java.util.function.Consumer;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One binding per source topic ({@code appropriationEvents-in-0} … {@code outcomeEvents-in-0}), all into the same
 * views. One binding each, rather than one binding with four destinations, gives every topic its own error channel,
 * retry and dead-letter handling (the binder cannot share one error channel between destinations).
 * The function blocks until the views are written; the binder commits the offset after it returns.
 */
@Configuration(proxyBeanMethods = false)
public class SourceEventsConsumer {

    /** The input bindings, in the order of {@link Topics#SOURCE_TOPICS}. */
    public static final List<String> BINDINGS = List.of("appropriationEvents-in-0", "grantEvents-in-0",
            "disbursementEvents-in-0", "outcomeEvents-in-0");

    @Bean
    SourceEventHandler sourceEventHandler(Projector projector, EventCodec codec,
                                          ObjectProvider<RecordListener> listeners) {
        return new SourceEventHandler(projector, codec, listeners);
    }

    @Bean
    Consumer<Message<byte[]>> appropriationEvents(SourceEventHandler handler) {
        return handler::accept;
    }

    @Bean
    Consumer<Message<byte[]>> grantEvents(SourceEventHandler handler) {
        return handler::accept;
    }

    @Bean
    Consumer<Message<byte[]>> disbursementEvents(SourceEventHandler handler) {
        return handler::accept;
    }

    @Bean
    Consumer<Message<byte[]>> outcomeEvents(SourceEventHandler handler) {
        return handler::accept;
    }

    /** Told of every record the bindings were handed, applied or not (e.g. to measure a replay's progress). */
    public interface RecordListener {
        void handled(SourcePosition position);
    }

    /**
     * Decodes (a poison record, or an event of another topic, throws {@code MalformedEventException}: no retry, dead
     * letter) and applies.
     */
    static final class SourceEventHandler implements Consumer<Message<byte[]>> {
        private final Projector projector;
        private final EventCodec codec;
        private final ObjectProvider<RecordListener> listeners;

        SourceEventHandler(Projector projector, EventCodec codec, ObjectProvider<RecordListener> listeners) {
            this.projector = projector;
            this.codec = codec;
            this.listeners = listeners;
        }

        @Override
        public void accept(Message<byte[]> message) {
            SourcePosition position = SourcePosition.of(message);
            try {
                CloudEvent<AllianceEvent> event = codec.decode(position.topic(), message.getPayload());
                projector.apply(event, position);
            } finally {
                listeners.forEach(listener -> listener.handled(position));
            }
        }
    }
}
