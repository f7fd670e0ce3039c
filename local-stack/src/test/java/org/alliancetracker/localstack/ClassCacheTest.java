package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.alliancetracker.localstack.ClassCache.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data cache of {@code --separate-processes} without starting the parts: its key, the archive each JDK
 * gets, the options of a training run and of a run with an archive, what is kept after a clean stop and a SIGKILL,
 * and the command a part is started with, with and without the cache.
 */
class ClassCacheTest {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx192m");

    @TempDir
    Path dir;

    @Test
    void theKeyChangesWithTheJarsSizeAndTime() {
        assertThat(ClassCache.key(127_000_000L, 1_764_700_000_000L))
                .isEqualTo(ClassCache.key(127_000_000L, 1_764_700_000_000L))
                .isNotEqualTo(ClassCache.key(127_000_001L, 1_764_700_000_000L))
                .isNotEqualTo(ClassCache.key(127_000_000L, 1_764_700_000_001L))
                .matches("[0-9a-z]+-[0-9a-z]+");
    }

    @Test
    void theArchiveFollowsTheJdkAndTheSetting() {
        assertThat(ClassCache.kind(25, null)).isEqualTo(Kind.AOT);
        assertThat(ClassCache.kind(26, "auto")).isEqualTo(Kind.AOT);
        assertThat(ClassCache.kind(25, "cds")).isEqualTo(Kind.DYNAMIC);
        assertThat(ClassCache.kind(21, null)).isEqualTo(Kind.DYNAMIC);
        assertThat(ClassCache.kind(21, "aot")).as("no AOT cache before 25").isEqualTo(Kind.DYNAMIC);
        assertThat(ClassCache.kind(17, null)).as("AutoCreateSharedArchive and friends need 19").isNull();
        for (String off : List.of("false", "OFF", " no ", "0")) {
            assertThat(ClassCache.kind(25, off)).as(off).isNull();
            assertThat(ClassCache.isOff(off)).isTrue();
        }
        assertThat(ClassCache.isOff(null)).isFalse();
    }

    @Test
    void eachPartAndSetOfOptionsHasAnArchiveOfItsOwn() {
        ClassCache cache = new ClassCache(dir, Kind.AOT);
        assertThat(cache.archive("grants", OPTIONS)).isEqualTo(cache.archive("grants", OPTIONS))
                .isNotEqualTo(cache.archive("reporting", OPTIONS))
                .isNotEqualTo(cache.archive("grants", List.of("-XX:+UseSerialGC", "-Xmx256m")));
        assertThat(cache.archive("grants", OPTIONS).getFileName().toString()).matches("grants-[0-9a-f]{10}\\.aot");
        assertThat(new ClassCache(dir, Kind.DYNAMIC).archive("grants", OPTIONS).getFileName().toString())
                .endsWith(".jsa");
    }

    @Test
    void withoutAnArchiveThePartTrainsIntoAFileOfItsOwnKeptAfterACleanStop() throws IOException {
        ClassCache cache = new ClassCache(dir, Kind.AOT);
        ClassCache.Run run = cache.run("grants", OPTIONS);
        assertThat(run.training()).isNotNull().hasParentRaw(dir);
        assertThat(run.training().getFileName().toString()).startsWith("grants-").contains(".training-")
                .endsWith(".aot");
        assertThat(run.options()).containsAll(ClassCache.QUIET)
                .contains("-XX:AOTCacheOutput=" + run.training()).noneMatch(o -> o.startsWith("-XX:AOTCache="));

        writeArchive(run.training(), 0xf00baba2);
        Files.writeString(run.training().resolveSibling(run.training().getFileName() + ".config"), "left over");
        run.finish(false, Kind.AOT);
        assertThat(run.archive()).exists();
        assertThat(filesIn(dir)).containsExactly(run.archive().getFileName().toString());

        ClassCache.Run next = cache.run("grants", OPTIONS);
        assertThat(next.training()).isNull();
        assertThat(next.options()).contains("-XX:AOTCache=" + run.archive())
                .noneMatch(o -> o.startsWith("-XX:AOTCacheOutput="));
    }

    @Test
    void aKilledOrUnfinishedTrainingRunLeavesNoArchive() throws IOException {
        ClassCache cache = new ClassCache(dir, Kind.DYNAMIC);
        ClassCache.Run killed = cache.run("mongo", OPTIONS);
        assertThat(killed.options()).contains("-XX:ArchiveClassesAtExit=" + killed.training());
        writeArchive(killed.training(), 0xf00baba8);
        killed.finish(true, Kind.DYNAMIC);
        assertThat(filesIn(dir)).isEmpty();

        ClassCache.Run unfinished = cache.run("mongo", OPTIONS);
        // the JVM writes the header last: without it the file is half-written
        Files.write(unfinished.training(), new byte[4096]);
        unfinished.finish(false, Kind.DYNAMIC);
        assertThat(filesIn(dir)).isEmpty();

        ClassCache.Run stoppedBeforeWriting = cache.run("mongo", OPTIONS);
        stoppedBeforeWriting.finish(false, Kind.DYNAMIC);
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aDamagedArchiveIsReplacedByATrainingRun() throws IOException {
        ClassCache cache = new ClassCache(dir, Kind.DYNAMIC);
        Path archive = cache.archive("issuer", OPTIONS);
        writeArchive(archive, 0xf00baba2); // an AOT cache's magic where a dynamic archive belongs
        ClassCache.Run run = cache.run("issuer", OPTIONS);
        assertThat(archive).doesNotExist();
        assertThat(run.training()).isNotNull();

        writeArchive(archive, 0xf00baba8);
        assertThat(cache.run("issuer", OPTIONS).options()).contains("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void thePartsCommandWithAndWithoutTheCache() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String part = Part.class.getName();
        assertThat(StackProcesses.javaCommand(OPTIONS, null, null, null)).as("tests: this JVM's class path")
                .containsExactly(java, "-XX:+UseSerialGC", "-Xmx192m", "-cp", System.getProperty("java.class.path"),
                        part);

        File jar = dir.resolve("local-stack.jar").toFile();
        assertThat(StackProcesses.javaCommand(OPTIONS, jar, null, null)).as("the executable jar, no cache")
                .containsExactly(java, "-XX:+UseSerialGC", "-Xmx192m", "-Dloader.main=" + part, "-cp",
                        jar.getAbsolutePath(), "org.springframework.boot.loader.launch.PropertiesLauncher");

        ClassCache cache = new ClassCache(dir.resolve("local-stack-cache").resolve("k"), Kind.AOT);
        ClassCache.Run run = cache.run("grants", OPTIONS);
        assertThat(StackProcesses.javaCommand(OPTIONS, jar, cache, run)).as("the extracted jar and an archive")
                .startsWith(java, "-XX:+UseSerialGC", "-Xmx192m")
                .containsSubsequence(run.options())
                .endsWith("-cp", cache.directory().resolve("local-stack.jar").toString(), part);

        assertThat(StackProcesses.javaCommand(OPTIONS, null, cache, run)).as("from classes: never the cache")
                .doesNotContainAnyElementsOf(run.options());
    }

    @Test
    void aJarThatCannotBeExtractedLeavesTheOldWayAndNoDirectory() throws IOException {
        Path jar = dir.resolve("not-boot.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("nothing.txt"));
        }
        assertThat(ClassCache.prepare(jar.toFile(), null)).isNull();
        assertThat(ClassCache.prepare(jar.toFile(), "false")).isNull();
        try (Stream<Path> left = Files.list(dir.resolve(ClassCache.DIRECTORY))) {
            assertThat(left).as("no half-extracted copy").isEmpty();
        }
    }

    private static void writeArchive(Path file, int magic) throws IOException {
        byte[] bytes = new byte[4096];
        bytes[0] = (byte) magic;
        bytes[1] = (byte) (magic >>> 8);
        bytes[2] = (byte) (magic >>> 16);
        bytes[3] = (byte) (magic >>> 24);
        Files.write(file, bytes);
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
