package org.alliancetracker.reporting;

import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.issuer.TestIssuer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of integration tests: points the service at the shared broker and MongoDB-wire server, and at the test JVM's
 * token issuer.
 */
public abstract class InfrastructureProperties {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().springProperties().forEach((key, value) -> registry.add(key, () -> value));
        TestIssuer.get().springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }
}
