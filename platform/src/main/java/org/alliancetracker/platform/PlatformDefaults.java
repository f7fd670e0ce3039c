package org.alliancetracker.platform;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code alliance-platform.yml} (settings every service shares: Kafka, MongoDB, actuator, quiet logs) as the
 * property source of lowest precedence, so a service's own configuration and the environment override any of it.
 * Only for applications whose main class is an {@link AllianceService}.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String NAME = "alliance-platform-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME) || !isAllianceService(application)) {
            return;
        }
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader()
                    .load(NAME, new ClassPathResource("alliance-platform.yml"))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.getPropertySources().addLast(deadLetterTopics(environment));
    }

    /**
     * {@code dlq-name: <topic>.dlq} for every consumer binding that does not name its dead-letter topic, so the binder
     * creates that topic (with the source topic's partitions) instead of an unused {@code error.<topic>.<group>}.
     */
    static PropertySource<?> deadLetterTopics(ConfigurableEnvironment environment) {
        java.util.regex.Pattern destination = java.util.regex.Pattern
                .compile("spring\\.cloud\\.stream\\.bindings\\.(.+-in-\\d+)\\.destination");
        java.util.Map<String, Object> names = new java.util.LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof org.springframework.core.env.EnumerablePropertySource<?> enumerable) {
                for (String property : enumerable.getPropertyNames()) {
                    java.util.regex.Matcher m = destination.matcher(property);
                    String topic = m.matches() ? environment.getProperty(property) : null;
                    if (topic != null && !topic.contains(",")) {
                        names.putIfAbsent("spring.cloud.stream.kafka.bindings." + m.group(1) + ".consumer.dlq-name",
                                org.alliancetracker.events.Topics.deadLetterTopic(topic.trim()));
                    }
                }
            }
        }
        return new org.springframework.core.env.MapPropertySource(NAME + "-dead-letter-topics", names);
    }

    private static boolean isAllianceService(SpringApplication application) {
        return application.getAllSources().stream()
                .anyMatch(source -> source instanceof Class<?> type && type.isAnnotationPresent(AllianceService.class));
    }
}
