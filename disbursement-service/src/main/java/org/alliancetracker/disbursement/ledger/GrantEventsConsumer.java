package org.alliancetracker.disbursement.ledger;

import java.util.function.Consumer;

import org.alliancetracker.events.EventCodec;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binding {@code grantEvents-in-0}: {@code alliance.grants} into the grant ledger. Offsets commit after the write; a
 * record that is not a valid grant event goes to {@code alliance.grants.dlq}.
 */
@Configuration(proxyBeanMethods = false)
class GrantEventsConsumer {

    @Bean
    Consumer<Message<byte[]>> grantEvents(GrantLedger ledger, EventCodec codec) {
        return message -> {
            SourcePosition position = SourcePosition.of(message);
            ledger.apply(codec.decode(position.topic(), message.getPayload()), position);
        };
    }
}
