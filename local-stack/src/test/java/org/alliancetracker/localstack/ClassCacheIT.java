package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar (built by {@code package}) extracts into its cache once: an application jar whose manifest's
 * Class-Path names the libraries beside it; a second launcher uses that copy; a rebuilt jar gets a new one and the
 * old one is removed.
 */
class ClassCacheIT {

    @TempDir
    Path dir;

    @Test
    void theExecutableJarExtractsOncePerBuild() throws IOException {
        Path jar = Files.copy(Path.of("target", "local-stack.jar"), dir.resolve("local-stack.jar"));
        ClassCache first = ClassCache.prepare(jar.toFile(), null);
        assertThat(first).isNotNull();
        assertThat(first.directory()).hasParentRaw(dir.resolve(ClassCache.DIRECTORY));
        Path app = first.directory().resolve(ClassCache.APP_JAR);
        try (JarFile file = new JarFile(app.toFile())) {
            String classPath = file.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath).contains("lib/grants-service-").contains("lib/local-infra-");
            assertThat(file.getEntry(Part.class.getName().replace('.', '/') + ".class")).isNotNull();
            for (String entry : classPath.split(" ")) {
                assertThat(first.directory().resolve(entry)).as(entry).isRegularFile();
            }
        }
        FileTime extracted = Files.getLastModifiedTime(app);

        ClassCache second = ClassCache.prepare(jar.toFile(), null);
        assertThat(second.directory()).isEqualTo(first.directory());
        assertThat(Files.getLastModifiedTime(app)).as("not extracted again").isEqualTo(extracted);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        ClassCache rebuilt = ClassCache.prepare(jar.toFile(), null);
        assertThat(rebuilt.directory()).isNotEqualTo(first.directory());
        try (Stream<Path> caches = Files.list(dir.resolve(ClassCache.DIRECTORY))) {
            assertThat(caches).containsExactly(rebuilt.directory());
        }
    }
}
