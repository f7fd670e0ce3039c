package org.alliancetracker.reporting.live;

import java.util.HashMap;
import java.util.Map;

import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.messaging.TopicDeclarations;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
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

    /** Idempotent, acks=all: a view the broker acknowledged is on the topic. */
    @Bean(destroyMethod = "close")
    KafkaProducer<String, byte[]> countryViewsProducer(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "country-views-" + java.util.UUID.randomUUID());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
