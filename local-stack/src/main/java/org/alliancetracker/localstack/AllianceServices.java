package org.alliancetracker.localstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.disbursement.DisbursementServiceApplication;
import org.alliancetracker.grants.GrantsServiceApplication;
import org.alliancetracker.infra.Infrastructure;
import org.alliancetracker.reporting.ReportingServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services started in this JVM, each its own Spring application context with its own configuration file,
 * port and database, all pointed at one Kafka and one MongoDB.
 */
public final class AllianceServices implements AutoCloseable {

    /** A service of the system and the port it listens on by default. */
    public enum Service {
        GRANTS(8081) {
            @Override
            SpringApplicationBuilder application() {
                return GrantsServiceApplication.application();
            }
        },
        DISBURSEMENT(8082) {
            @Override
            SpringApplicationBuilder application() {
                return DisbursementServiceApplication.application();
            }
        },
        REPORTING(8080) {
            @Override
            SpringApplicationBuilder application() {
                return ReportingServiceApplication.application();
            }
        };

        private final int defaultPort;

        Service(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }

        abstract SpringApplicationBuilder application();

        /** The name its log lines carry: its configuration name, e.g. {@code grants-service}. */
        public String logName() {
            return name().toLowerCase(java.util.Locale.ROOT) + "-service";
        }

        ConfigurableApplicationContext run(List<String> args) {
            SpringApplicationBuilder application = application();
            String codePackage = application.application().getAllSources().stream()
                    .filter(Class.class::isInstance).map(source -> ((Class<?>) source).getPackageName())
                    .findFirst().orElseThrow();
            return ServiceLogNames.starting(logName(), codePackage,
                    () -> application.run(args.toArray(String[]::new)));
        }
    }

    private final Map<Service, ConfigurableApplicationContext> contexts;

    private AllianceServices(Map<Service, ConfigurableApplicationContext> contexts) {
        this.contexts = contexts;
    }

    /**
     * Starts all three; {@code ports} maps each service to its port (0 = any free port), {@code extraArgs} are added
     * to every service's command line (e.g. {@code --logging.level.root=WARN}).
     */
    public static AllianceServices start(Infrastructure infrastructure, Map<Service, Integer> ports,
                                         List<String> extraArgs) {
        Map<Service, ConfigurableApplicationContext> started = new LinkedHashMap<>();
        try {
            for (Service service : Service.values()) {
                List<String> args = new ArrayList<>();
                args.add("--server.port=" + ports.getOrDefault(service, service.defaultPort()));
                infrastructure.springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
                args.addAll(extraArgs);
                started.put(service, service.run(args));
            }
            return new AllianceServices(started);
        } catch (RuntimeException e) {
            started.values().forEach(ConfigurableApplicationContext::close);
            throw e;
        }
    }

    /** One service alone (its own process, see {@link Part}); {@code extraArgs} may set {@code --server.port}. */
    public static AllianceServices startOne(Service service, Infrastructure infrastructure, List<String> extraArgs) {
        List<String> args = new ArrayList<>();
        if (extraArgs.stream().noneMatch(a -> a.startsWith("--server.port="))) {
            args.add("--server.port=" + service.defaultPort());
        }
        infrastructure.springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        args.addAll(extraArgs);
        Map<Service, ConfigurableApplicationContext> started = new LinkedHashMap<>();
        started.put(service, service.run(args));
        return new AllianceServices(started);
    }

    public int port(Service service) {
        return Integer.parseInt(contexts.get(service).getEnvironment().getRequiredProperty("local.server.port"));
    }

    public String url(Service service) {
        return "http://localhost:" + port(service);
    }

    public ConfigurableApplicationContext context(Service service) {
        return contexts.get(service);
    }

    @Override
    public void close() {
        List<Service> reversed = new ArrayList<>(contexts.keySet());
        java.util.Collections.reverse(reversed);
        reversed.forEach(service -> contexts.get(service).close());
    }
}
