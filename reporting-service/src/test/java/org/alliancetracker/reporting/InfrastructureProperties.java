package org.alliancetracker.reporting;

import org.alliancetracker.infra.SharedTestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of integration tests: points the service at the shared broker and MongoDB-wire server. */
public abstract class InfrastructureProperties {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }
}
