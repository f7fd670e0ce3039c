package org.alliancetracker.reporting;

import org.alliancetracker.platform.AllianceService;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** reporting-service: exact, live views of where the money stands, per country and fiscal year. */
@SpringBootApplication
@AllianceService
@EnableConfigurationProperties(ReportingProperties.class)
public class ReportingServiceApplication {

    /** Its configuration file is {@code reporting-service.yml}, so it can share a JVM with the other services. */
    public static final String CONFIG_NAME = "reporting-service";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ReportingServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
