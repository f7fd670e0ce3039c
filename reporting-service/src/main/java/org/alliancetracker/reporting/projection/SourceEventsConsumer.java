package org.alliancetracker.reporting.projection;

import java.util.function.Consumer;

import org.alliancetracker.events.EventCodec;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Binding {@code sourceEvents-in-0}: the four source topics into the views. Offsets commit after the write. */
@Configuration(proxyBeanMethods = false)
class SourceEventsConsumer {

    @Bean
    Consumer<Message<byte[]>> sourceEvents(Projector projector, EventCodec codec) {
        return message -> projector.apply(codec.decode(message.getPayload()), SourcePosition.of(message));
    }
}
