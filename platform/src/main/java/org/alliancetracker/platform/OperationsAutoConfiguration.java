package org.alliancetracker.platform;

import java.time.Duration;

import org.alliancetracker.platform.deadletter.DeadLetterController;
import org.alliancetracker.platform.deadletter.DeadLetterGroupHeader;
import org.alliancetracker.platform.deadletter.DeadLetterProperties;
import org.alliancetracker.platform.deadletter.DeadLetters;
import org.alliancetracker.platform.messaging.ConsumerBindingsPolicy;
import org.alliancetracker.platform.messaging.InputBindings;
import org.alliancetracker.platform.messaging.RecordSender;
import org.alliancetracker.platform.messaging.TopicDeclarations;
import org.alliancetracker.platform.observability.ClusterAdmin;
import org.alliancetracker.platform.observability.ConsumedEvents;
import org.alliancetracker.platform.observability.ConsumerLagMetrics;
import org.alliancetracker.platform.observability.KafkaHealthIndicator;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.stream.binder.kafka.support.ProducerConfigCustomizer;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * What operators get from every service: Kafka readiness, consumer metrics (applied events, freshness, lag), the
 * dead-letter rules and endpoints, and the published topics declared with the configured partitions. Before Spring
 * Cloud Function's observation configuration, whose function wrapper {@link ConsumedEvents} replaces (and extends).
 */
@AutoConfiguration(beforeName = "org.springframework.cloud.function.observability.ObservationAutoConfiguration",
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(DeadLetterProperties.class)
public class OperationsAutoConfiguration {

    /**
     * The application's {@code errorChannel}: one WARN line per dead-lettered record instead of Spring Integration's
     * stack trace at ERROR (the stack trace travels with the record in the dead-letter topic).
     */
    @Bean(org.springframework.integration.context.IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(name =
            org.springframework.integration.context.IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME)
    org.springframework.integration.channel.PublishSubscribeChannel errorChannel() {
        return org.alliancetracker.platform.messaging.DeadLetterLog.errorChannel();
    }

    @Bean
    InputBindings inputBindings(BindingServiceProperties bindings) {
        return new InputBindings(bindings);
    }

    @Bean
    ClusterAdmin clusterAdmin(KafkaAdmin kafkaAdmin) {
        return new ClusterAdmin(kafkaAdmin);
    }

    /** Named {@code kafka} in the health tree; part of the readiness group. */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(ClusterAdmin cluster,
                                              @Value("${alliance.health.kafka-cache:5s}") Duration cacheFor) {
        return new KafkaHealthIndicator(cluster, cacheFor);
    }

    @Bean
    ConsumerLagMetrics consumerLagMetrics(ClusterAdmin cluster, InputBindings inputs, MeterRegistry registry,
                                          @Value("${alliance.metrics.refresh-interval:10s}") Duration interval) {
        return new ConsumerLagMetrics(cluster, inputs, registry, interval);
    }

    @Bean
    FunctionAroundWrapper consumedEvents(ObservationRegistry observations, MeterRegistry registry) {
        return new ConsumedEvents(observations, registry);
    }

    @Bean
    ConsumerBindingsPolicy consumerBindingsPolicy(BindingServiceProperties bindings,
                                                  org.springframework.core.env.Environment environment,
                                                  @Value("${alliance.consumers.attempt-timeout:30s}") Duration attempt) {
        return new ConsumerBindingsPolicy(bindings, environment, attempt);
    }

    @Bean
    ProducerConfigCustomizer deadLetterGroupHeader(InputBindings inputs) {
        return DeadLetterGroupHeader.customizer(inputs);
    }

    @Bean
    DeadLetters deadLetters(ClusterAdmin cluster, InputBindings inputs, DeadLetterProperties properties,
                            RecordSender recordSender) {
        return new DeadLetters(cluster, inputs, properties, recordSender);
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetters deadLetters) {
        return new DeadLetterController(deadLetters);
    }

    /** The topics the service publishes, created at start (if missing) with the configured partitions. */
    @Bean
    KafkaAdmin.NewTopics publishedTopics(TopicDeclarations topics) {
        return new KafkaAdmin.NewTopics(topics.publishes().stream()
                .map(name -> TopicBuilder.name(name).partitions(topics.partitions())
                        .replicas(topics.replicationFactor()).build())
                .toArray(NewTopic[]::new));
    }
}
