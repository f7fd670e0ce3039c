package org.alliancetracker.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.localstack.AllianceServices.Service;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The three services started once per test JVM (each its own application context on a random port) against the
 * shared broker and MongoDB-wire server, for the end-to-end tests of this module.
 */
final class RunningSystem {

    private static AllianceServices services;

    private RunningSystem() {
    }

    static synchronized AllianceServices get() {
        if (services == null) {
            services = AllianceServices.start(SharedTestInfrastructure.get(),
                    Map.of(Service.GRANTS, 0, Service.DISBURSEMENT, 0, Service.REPORTING, 0),
                    List.of("--logging.level.root=WARN"));
            Runtime.getRuntime().addShutdownHook(new Thread(services::close, "running-system-shutdown"));
        }
        return services;
    }

    static WebTestClient client(Service service) {
        return WebTestClient.bindToServer().baseUrl(get().url(service)).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
