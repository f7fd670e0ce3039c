package org.alliancetracker.disbursement.disbursement;

import org.alliancetracker.platform.outbox.OutboxCollection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DisbursementsOutbox {

    @Bean
    OutboxCollection disbursementsOutboxCollection() {
        return new OutboxCollection(Disbursements.COLLECTION);
    }

    @Bean
    OutboxCollection chunkEventsOutboxCollection() {
        return new OutboxCollection(ChunkEvents.COLLECTION);
    }
}
