package org.alliancetracker.grants;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** grants-service: the system of record for where the money may go (appropriation → allocation → grant). */
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
