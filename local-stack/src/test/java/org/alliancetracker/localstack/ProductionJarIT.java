package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import org.junit.jupiter.api.Test;

/**
 * The executable jar (built by {@code package}, before this runs) ships no test code: none of test-support's fixtures,
 * no Testcontainers, no test framework, and not the benchmark's no-op endpoint.
 */
class ProductionJarIT {

    private static final List<String> FIXTURES = List.of("HostileInput", "TopicRecorder", "PoisonRecords",
            "MetricsScrape", "TopicPublisher", "SharedTestInfrastructure", "ContainerInfrastructure");

    @Test
    void theExecutableJarCarriesNoTestFixtureNoTestLibraryAndNoBenchmarkEndpoint() throws IOException {
        Path jar = Path.of("target", "local-stack.jar");
        assertThat(jar).exists();
        List<String> libraries = new ArrayList<>();
        List<String> ourClasses = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/lib/")) {
                    libraries.add(name.substring("BOOT-INF/lib/".length()));
                    if (name.matches("BOOT-INF/lib/(events|platform|local-infra|grants-service|disbursement-service"
                            + "|reporting-service|token-issuer)-.*\\.jar")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            ourClasses.addAll(classesIn(in));
                        }
                    }
                } else if (name.endsWith(".class")) {
                    ourClasses.add(name);
                }
            }
        }
        assertThat(libraries).as("the parts' own jars are in").anyMatch(l -> l.startsWith("disbursement-service-"))
                .anyMatch(l -> l.startsWith("local-infra-"));
        assertThat(libraries).noneMatch(l -> l.startsWith("test-support-") || l.startsWith("testcontainers")
                || l.startsWith("junit") || l.startsWith("assertj") || l.startsWith("awaitility")
                || l.startsWith("mockito"));
        assertThat(ourClasses).as("classes read").anyMatch(c -> c.endsWith("/KafkaBroker.class"));
        assertThat(ourClasses).noneMatch(c -> c.startsWith("org/alliancetracker/disbursement/bench/"));
        for (String fixture : FIXTURES) {
            assertThat(ourClasses).noneMatch(c -> c.equals("org/alliancetracker/infra/" + fixture + ".class")
                    || c.startsWith("org/alliancetracker/infra/" + fixture + "$"));
        }
    }

    private static List<String> classesIn(InputStream nestedJar) throws IOException {
        List<String> classes = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(nestedJar)) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().endsWith(".class")) {
                    classes.add(entry.getName());
                }
            }
        }
        return classes;
    }
}
