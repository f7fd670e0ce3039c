package org.alliancetracker.grants;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * grants-service: the system of record for where the money may go (appropriation → withholding release → allocation
 * → grant) and what it should achieve (outcome indicators). Publishes {@code alliance.appropriations},
 * {@code alliance.grants} and {@code alliance.outcomes} through outboxes; consumes {@code alliance.disbursements} only
 * to know what each grant has paid out. The API is described in this module's README.
 */
@SpringBootApplication
public class GrantsServiceApplication {

    /** Its configuration file is {@code grants-service.yml}, so it can share a JVM with the other services. */
    public static final String CONFIG_NAME = "grants-service";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(GrantsServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
