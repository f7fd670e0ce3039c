package org.alliancetracker.disbursement;

import org.alliancetracker.platform.AllianceService;
import org.alliancetracker.disbursement.batch.BatchJobProperties;
import org.alliancetracker.disbursement.disbursement.DisbursementProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** disbursement-service: the API agencies post disbursements to; never lets a grant be over-disbursed. */
@SpringBootApplication
@AllianceService
@EnableConfigurationProperties({DisbursementProperties.class, BatchJobProperties.class})
public class DisbursementServiceApplication {

    /** Its configuration file is {@code disbursement-service.yml}, so it can share a JVM with the other services. */
    public static final String CONFIG_NAME = "disbursement-service";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(DisbursementServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
