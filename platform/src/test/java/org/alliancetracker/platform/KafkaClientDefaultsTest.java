package org.alliancetracker.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The Kafka client settings of alliance-platform.yml, bound as Boot binds them: every producer built from
 * {@link KafkaProperties} (the binder's, the outbox relay's, the hand-made ones) is a cluster-safe producer, every
 * consumer has explicit session and heartbeat timeouts, and each can be overridden from the environment.
 */
class KafkaClientDefaultsTest {

    @Test
    void producersAndConsumersAreConfiguredForACluster() throws Exception {
        KafkaProperties kafka = bind(Map.of());

        Map<String, Object> producer = kafka.buildProducerProperties();
        assertThat(producer).containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("max.in.flight.requests.per.connection", "5")
                .containsEntry("retries", "2147483647")
                .containsEntry("delivery.timeout.ms", "30000")
                .containsEntry("request.timeout.ms", "15000")
                .doesNotContainKey("client.rack");
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        assertThat(consumer).containsEntry("session.timeout.ms", "45000")
                .containsEntry("heartbeat.interval.ms", "3000");
        assertThat(kafka.getBootstrapServers()).containsExactly("localhost:9092");
    }

    @Test
    void theEnvironmentOverridesThem() throws Exception {
        KafkaProperties kafka = bind(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092,k3:9092",
                "KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS", "60000", "KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "30000"));

        assertThat(kafka.getBootstrapServers()).containsExactly("k1:9092", "k2:9092", "k3:9092");
        assertThat(kafka.buildProducerProperties()).containsEntry("delivery.timeout.ms", "60000");
        assertThat(kafka.buildConsumerProperties()).containsEntry("session.timeout.ms", "30000");
    }

    private static KafkaProperties bind(Map<String, Object> environment) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test-environment", environment));
        new YamlPropertySourceLoader().load("platform", new ClassPathResource("alliance-platform.yml"))
                .forEach(source -> env.getPropertySources().addLast(source));
        return Binder.get(env).bind("spring.kafka", KafkaProperties.class).get();
    }
}
