package org.alliancetracker.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.health.MongoPingHealthIndicator;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.messaging.RecordSender;
import org.alliancetracker.platform.messaging.TopicDeclarations;
import org.alliancetracker.platform.outbox.OutboxCollection;
import org.alliancetracker.platform.outbox.OutboxProperties;
import org.alliancetracker.platform.outbox.OutboxRelay;
import org.alliancetracker.platform.observability.MessageTracing;
import org.alliancetracker.platform.web.ProblemResponses;
import org.alliancetracker.platform.web.JsonRequestBodies;
import org.alliancetracker.platform.web.StrictJsonInput;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.cloud.stream.binder.kafka.utils.DlqDestinationResolver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.beans.factory.ObjectProvider;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import tools.jackson.databind.json.JsonMapper;

/**
 * What every service gets by depending on {@code platform}. Evaluated before WebFlux's auto-configuration so that
 * {@link ProblemResponses} is the only {@code ResponseEntityExceptionHandler} (Boot backs its own off when one exists;
 * otherwise Boot's would answer Bean Validation errors with a bare 400).
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, DataMongoReactiveAutoConfiguration.class},
        before = WebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties({OutboxProperties.class, TopicDeclarations.class})
public class PlatformAutoConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }

    @Bean
    StrictJsonInput strictJsonInput() {
        return new StrictJsonInput();
    }

    @Bean
    JsonRequestBodies jsonRequestBodies(JsonMapper json) {
        return new JsonRequestBodies(json);
    }

    /**
     * No MongoDB round trip waits forever ({@code alliance.store.read-timeout}, env {@code MONGODB_READ_TIMEOUT}):
     * past it the driver closes the connection and fails the operation, so a request gets an answer it can retry
     * (every write path is idempotent) instead of hanging, also on a half-open connection.
     */
    @Bean
    MongoClientSettingsBuilderCustomizer storeReadTimeout(
            @Value("${alliance.store.read-timeout:60s}") Duration readTimeout) {
        return settings -> settings.applyToSocketSettings(socket -> socket.readTimeout(readTimeout.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** Named so that Boot's own MongoDB indicator (which sends {@code hello}) backs off. */
    @Bean
    MongoPingHealthIndicator mongoHealthIndicator(ReactiveMongoTemplate mongo) {
        return new MongoPingHealthIndicator(mongo);
    }

    @Bean
    EventClaims eventClaims(ReactiveMongoTemplate mongo) {
        return new EventClaims(mongo);
    }

    /**
     * A poison record of topic {@code t} goes to {@code t.dlq}, with the exception class and message and the original
     * topic, partition and offset in the binder's {@code x-exception-*} and {@code x-original-*} headers.
     */
    @Bean
    DlqDestinationResolver deadLetterTopics() {
        return (record, exception) -> Topics.deadLetterTopic(record.topic());
    }

    /** The service's one producer (the outbox relay, dead letters, country views): idempotent, acks=all. */
    @Bean
    RecordSender recordSender(KafkaProperties kafka, MessageTracing messageTracing,
                              @Value("${spring.application.name:alliance}") String application) {
        return new RecordSender(kafka.buildProducerProperties(), application + "-" + java.util.UUID.randomUUID(),
                messageTracing);
    }

    @Bean
    @ConditionalOnBean(OutboxCollection.class)
    OutboxRelay outboxRelay(ReactiveMongoTemplate mongo, EventCodec eventCodec, RecordSender recordSender,
                            OutboxProperties properties, List<OutboxCollection> collections,
                            ObjectProvider<MeterRegistry> registry, MessageTracing messageTracing) {
        return new OutboxRelay(mongo, eventCodec, recordSender, properties, collections,
                registry.getIfAvailable(SimpleMeterRegistry::new), messageTracing);
    }

    /** W3C trace context where the thread of a trace breaks (the outbox, hand-made Kafka clients). */
    @Bean
    MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        return t == null || p == null ? MessageTracing.none() : new MessageTracing(t, p);
    }

    /**
     * "Now" for every rule and default date that depends on the day (funds expiring, accounts closing, a view's
     * as-of date): UTC system time, or a test's own {@link Clock} bean.
     */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
