package org.alliancetracker.grants.indicator;

import org.alliancetracker.platform.outbox.OutboxCollection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IndicatorOutbox {

    @Bean
    OutboxCollection indicatorsOutbox() {
        return new OutboxCollection(Indicators.COLLECTION);
    }
}
