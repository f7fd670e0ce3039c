package org.alliancetracker.platform.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.core.env.Environment;

/**
 * Holds every consumer binding of a service to the dead-letter rules, before the bindings start:
 * <ul>
 * <li>it must dead-letter ({@code enable-dlq: true}); a consumer that cannot park a poison record either stops on it
 *     or skips it silently;</li>
 * <li>its dead-letter topic is {@code <topic>.dlq} ({@code dlq-name}, defaulted by {@code PlatformDefaults}, so the
 *     binder creates it with as many partitions as the source topic, which its dead-letter producer needs: it keeps
 *     the record's partition);</li>
 * <li>its retries end well before {@code max.poll.interval.ms}: attempts × the longest an attempt may block
 *     ({@code alliance.consumers.attempt-timeout}) plus the back-off waits must stay below it, or the broker would
 *     evict the consumer in the middle of a record and the group would rebalance over and over.</li>
 * </ul>
 * A batch binding (one call per poll) is exempt: the binder's dead-letter publishing would park the whole poll, so
 * such a function dead-letters its poison records itself (reporting-service's {@code PoisonRecords}).
 * A binding that breaks a rule stops the service at start with a message naming the binding.
 */
public class ConsumerBindingsPolicy implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ConsumerBindingsPolicy.class);
    static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    private static final String KAFKA = "spring.cloud.stream.kafka.";

    private final BindingServiceProperties bindings;
    private final Binder environment;
    private final Duration attemptTimeout;

    public ConsumerBindingsPolicy(BindingServiceProperties bindings, Environment environment, Duration attemptTimeout) {
        this.bindings = bindings;
        this.environment = Binder.get(environment);
        this.attemptTimeout = attemptTimeout;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> violations = new ArrayList<>();
        for (InputBindings.Input input : new InputBindings(bindings).all()) {
            String kafka = KAFKA + "bindings." + input.binding().toLowerCase(java.util.Locale.ROOT) + ".consumer.";
            if (bindings.getConsumerProperties(input.binding()).isBatchMode()) {
                // the binder's dead-letter publishing would park a whole poll: a batch function dead-letters its
                // poison records itself (to <topic>.dlq) and lets any other failure retry the poll
                log.debug("Batch binding {} reads {} (group {}): dead-letters its own poison records", input.binding(),
                        input.topic(), input.group());
                continue;
            }
            boolean dlq = environment.bind(kafka + "enable-dlq", Boolean.class)
                    .orElseGet(() -> environment.bind(KAFKA + "default.consumer.enable-dlq", Boolean.class)
                            .orElse(false));
            if (!dlq) {
                violations.add(input.binding() + ": enable-dlq must be true (a poison record goes to "
                        + Topics.deadLetterTopic(input.topic()) + ")");
                continue;
            }
            String dlqName = environment.bind(kafka + "dlq-name", String.class).orElse("error." + input.topic());
            if (!dlqName.equals(Topics.deadLetterTopic(input.topic()))) {
                violations.add(input.binding() + ": dlq-name must be " + Topics.deadLetterTopic(input.topic()));
            }
            ConsumerProperties consumer = bindings.getConsumerProperties(input.binding());
            long budget = retryBudget(consumer, attemptTimeout).toMillis();
            long maxPollInterval = maxPollInterval(kafka);
            if (budget >= maxPollInterval) {
                violations.add(input.binding() + ": " + consumer.getMaxAttempts() + " attempts of up to "
                        + attemptTimeout + " plus back-off take up to " + budget + " ms, not below max.poll.interval.ms "
                        + maxPollInterval);
            }
            log.debug("Binding {} reads {} (group {}): dead letters to {}, retries end within {} ms (max.poll.interval.ms {})",
                    input.binding(), input.topic(), input.group(), dlqName, budget, maxPollInterval);
        }
        if (!violations.isEmpty()) {
            throw new IllegalStateException("Consumer bindings break the dead-letter rules: " + violations);
        }
    }

    /** The longest one record can hold the listener thread: every attempt blocking to its limit, plus the waits. */
    public static Duration retryBudget(ConsumerProperties consumer, Duration attemptTimeout) {
        int attempts = Math.max(1, consumer.getMaxAttempts());
        double wait = consumer.getBackOffInitialInterval();
        long waits = 0;
        for (int retry = 1; retry < attempts; retry++) {
            waits += (long) Math.min(wait, consumer.getBackOffMaxInterval());
            wait *= consumer.getBackOffMultiplier();
        }
        return attemptTimeout.multipliedBy(attempts).plusMillis(waits);
    }

    private long maxPollInterval(String bindingPrefix) {
        String key = "[" + ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG + "]";
        for (String name : List.of(bindingPrefix + "configuration" + key, KAFKA + "binder.consumer-properties" + key,
                KAFKA + "binder.configuration" + key, "spring.kafka.consumer.properties" + key)) {
            var value = environment.bind(name, Long.class);
            if (value.isBound()) {
                return value.get();
            }
        }
        return DEFAULT_MAX_POLL_INTERVAL_MS;
    }
}
