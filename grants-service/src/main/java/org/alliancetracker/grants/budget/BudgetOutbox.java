package org.alliancetracker.grants.budget;

import org.alliancetracker.platform.outbox.OutboxCollection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BudgetOutbox {

    @Bean
    OutboxCollection budgetYearsOutbox() {
        return new OutboxCollection(BudgetYears.COLLECTION);
    }
}
