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
    }

    private static boolean isAllianceService(SpringApplication application) {
        return application.getAllSources().stream()
                .anyMatch(source -> source instanceof Class<?> type && type.isAnnotationPresent(AllianceService.class));
    }
}
