package org.alliancetracker.grants.disbursed;

import java.util.function.Consumer;

import org.alliancetracker.events.EventCodec;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binding {@code disbursementEvents-in-0}: {@code alliance.disbursements} into the disbursed totals of grants.
 * Offsets commit after the write; a record that is not a valid event goes to {@code alliance.disbursements.dlq}.
 */
@Configuration(proxyBeanMethods = false)
class DisbursementEventsConsumer {

    @Bean
    Consumer<Message<byte[]>> disbursementEvents(DisbursedTotals totals, EventCodec codec) {
        return message -> {
            SourcePosition position = SourcePosition.of(message);
            totals.apply(codec.decode(position.topic(), message.getPayload()), position);
        };
    }
}
