package org.alliancetracker.reporting.live;

import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.messaging.TopicDeclarations;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The compacted topic {@code alliance.country-views} (key = ISO code, value = the latest view): created at start by
 * Spring's {@code KafkaAdmin} if missing, so a new reader always finds every country's latest view on it.
 */
@Configuration(proxyBeanMethods = false)
class CountryViewsKafka {

    @Bean
    NewTopic countryViewsTopic(TopicDeclarations topics) {
        return TopicBuilder.name(Topics.COUNTRY_VIEWS)
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .compact()
                .build();
    }
}
