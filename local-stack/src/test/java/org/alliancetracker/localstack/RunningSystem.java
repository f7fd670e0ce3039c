package org.alliancetracker.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.issuer.TestIssuer;
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
            List<String> args = new java.util.ArrayList<>(List.of("--logging.level.root=WARN"));
            TestIssuer.get().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
            services = AllianceServices.start(SharedTestInfrastructure.get(),
                    Map.of(Service.GRANTS, 0, Service.DISBURSEMENT, 0, Service.REPORTING, 0), args);
            SharedTestInfrastructure.closeAtExit(services); // before the broker and store it uses
        }
        return services;
    }

    /**
     * A client of one service calling as its usual caller: a program officer for grants-service, USAID's agency client
     * for disbursement-service, the public (no token) for reporting-service.
     */
    static WebTestClient client(Service service) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl(get().url(service))
                .responseTimeout(Duration.ofSeconds(30));
        switch (service) {
            case GRANTS -> builder.defaultHeader("Authorization", TestIssuer.get().bearer("test-officer"));
            case DISBURSEMENT -> builder.defaultHeader("Authorization", TestIssuer.get().bearer("test-usaid"));
            default -> { }
        }
        return builder.build();
    }

    static String issuerUrl() {
        return TestIssuer.get().issuerUri();
    }
}
