package org.alliancetracker.disbursement.ledger;

import java.util.function.Consumer;

import org.alliancetracker.events.EventCodec;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Binding {@code grantEvents-in-0}: {@code alliance.grants} into the grant ledger. Offsets commit after the write. */
@Configuration(proxyBeanMethods = false)
class GrantEventsConsumer {

    @Bean
    Consumer<Message<byte[]>> grantEvents(GrantLedger ledger, EventCodec codec) {
        return message -> ledger.apply(codec.decode(message.getPayload()), SourcePosition.of(message));
    }
}
