package org.alliancetracker.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Class-data sharing for the parts of {@code --separate-processes}: the JDK can map the classes a JVM loaded (and on
 * JDK 25 their linked state and profiles) from an archive instead of loading them again, but only for classes from
 * plain jars on the class path, not from Spring Boot's nested jars. So the executable jar is extracted once
 * ({@code java -Djarmode=tools -jar local-stack.jar extract}) into {@code <jar dir>/local-stack-cache/<key>/}, the
 * key being the jar's size and modification time (a rebuild makes a new one, older ones are removed), and each part
 * runs from that copy with an archive of its own beside it:
 * <ul>
 * <li>JDK 25 and later: the AOT cache (JEP 483/514/515). Its first run trains ({@code -XX:AOTCacheOutput}) and
 * writes the cache when it stops cleanly (the JVM assembles it in a second JVM at exit, several seconds); later runs
 * use it ({@code -XX:AOTCache}).</li>
 * <li>JDK 19 to 24: a dynamic CDS archive ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}).</li>
 * </ul>
 * A training run writes into a file of its own ({@code <name>-<hash>.training-<random>.aot}), renamed onto the archive's name once that
 * JVM has exited by itself or after SIGTERM, never after SIGKILL; the JVM writes an archive's header last, and one
 * without its header (magic number) is deleted instead of used, so a half-written archive is never mapped. The
 * archive's name carries a hash of the JVM's options and version, so changed options train a new one rather than
 * hand the JVM an archive it would refuse. If the JVM still cannot map an archive it runs without (-Xshare:auto).
 * Off with {@code --no-class-cache} or {@code ALLIANCE_CLASS_CACHE=false}; {@code ALLIANCE_CLASS_CACHE=cds} chooses
 * the dynamic archive on JDK 25 too.
 */
public final class ClassCache {

    /** Which archive the JVM writes and maps. */
    public enum Kind {
        /** JDK 25+: {@code -XX:AOTCacheOutput} / {@code -XX:AOTCache}. */
        AOT(".aot", 0xf00baba2),
        /** JDK 19+: {@code -XX:ArchiveClassesAtExit} / {@code -XX:SharedArchiveFile}. */
        DYNAMIC(".jsa", 0xf00baba8);

        private final String suffix;
        private final int magic;

        Kind(String suffix, int magic) {
            this.suffix = suffix;
            this.magic = magic;
        }
    }

    static final String DIRECTORY = "local-stack-cache";
    static final String APP_JAR = "local-stack.jar";
    private static final String TRAINING = ".training-";
    /** The archives' and training runs' log output (hundreds of "cannot be archived" warnings) is not wanted. */
    static final List<String> QUIET = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");

    private final Path directory;
    private final Path appJar;
    private final Kind kind;

    ClassCache(Path directory, Kind kind) {
        this.directory = directory;
        this.appJar = directory.resolve(APP_JAR);
        this.kind = kind;
    }

    /**
     * The cache for this executable jar, extracted now if it is not yet; {@code null} (after one line on standard
     * output saying why) when it is switched off, the JDK has no suitable archive, or extraction fails.
     */
    public static ClassCache prepare(File executableJar, String setting) {
        Kind kind = kind(Runtime.version().feature(), setting);
        if (kind == null) {
            if (!isOff(setting)) {
                System.out.println("Class-data cache: not used (needs JDK 19 or later, this is "
                        + Runtime.version() + ")");
            }
            return null;
        }
        Path jar = executableJar.toPath().toAbsolutePath();
        try {
            Path root = jar.getParent().resolve(DIRECTORY);
            Path directory = root.resolve(key(Files.size(jar), Files.getLastModifiedTime(jar).toMillis()));
            if (!Files.isRegularFile(directory.resolve(APP_JAR))) {
                extract(jar, root, directory);
                removeOthers(root, directory);
            }
            ClassCache cache = new ClassCache(directory, kind);
            cache.removeAbandonedTraining();
            return cache;
        } catch (IOException | RuntimeException e) {
            System.out.println("Class-data cache: not used, parts run from " + jar.getFileName() + " (" + e + ")");
            return null;
        }
    }

    /** The archive for this JDK's feature release and {@code ALLIANCE_CLASS_CACHE} (auto, false/off, aot, cds). */
    static Kind kind(int feature, String setting) {
        String value = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        if (isOff(value)) {
            return null;
        }
        if (feature >= 25 && !value.equals("cds") && !value.equals("dynamic")) {
            return Kind.AOT;
        }
        return feature >= 19 ? Kind.DYNAMIC : null;
    }

    static boolean isOff(String setting) {
        return setting != null && List.of("false", "off", "no", "0").contains(setting.trim().toLowerCase(Locale.ROOT));
    }

    /** The cache directory's name for a jar: its size and modification time. */
    static String key(long size, long lastModifiedMillis) {
        return Long.toString(size, 36) + "-" + Long.toString(lastModifiedMillis, 36);
    }

    Path directory() {
        return directory;
    }

    Kind kind() {
        return kind;
    }

    /** The archive of the child {@code name} run with these JVM options (one file per options, JVM and kind). */
    Path archive(String name, List<String> jvmOptions) {
        return directory.resolve(name + "-" + optionsHash(jvmOptions) + kind.suffix);
    }

    /**
     * What to start the child {@code name} with: its archive if there is a complete one, or a training run writing
     * one. {@link Run#finish} after the process ended.
     */
    Run run(String name, List<String> jvmOptions) {
        Path archive = archive(name, jvmOptions);
        List<String> options = new ArrayList<>(QUIET);
        if (Files.isRegularFile(archive) && !complete(archive, kind)) {
            // a damaged file (it cannot be a half-written one: those are renamed here only when complete)
            delete(archive);
        }
        if (Files.isRegularFile(archive)) {
            options.add((kind == Kind.AOT ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
            return new Run(options, archive, null);
        }
        String file = archive.getFileName().toString();
        Path training = archive.resolveSibling(file.substring(0, file.length() - kind.suffix.length()) + TRAINING
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + kind.suffix);
        options.add((kind == Kind.AOT ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + training);
        return new Run(options, archive, training);
    }

    /** The class path of a part run from the extracted jar (its manifest's Class-Path names lib/). */
    List<String> classPath() {
        return List.of("-cp", appJar.toString());
    }

    /** The JVM options for a child and where its training run (if it is one) writes. */
    record Run(List<String> options, Path archive, Path training) {

        /** After the process ended: keep a complete archive it wrote (not after SIGKILL), drop the rest. */
        void finish(boolean killed, Kind kind) {
            if (training == null) {
                return;
            }
            try {
                if (!killed && Files.isRegularFile(training) && complete(training, kind)) {
                    move(training, archive);
                }
            } catch (IOException e) {
                System.err.println("Class-data cache: could not keep " + training + ": " + e);
            } finally {
                delete(training);
                delete(training.resolveSibling(training.getFileName() + ".config"));
            }
        }
    }

    /** Whether the JVM finished writing this archive: it writes the header, with the magic number, last. */
    static boolean complete(Path archive, Kind kind) {
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                return false;
            }
            int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
            return magic == kind.magic;
        } catch (IOException e) {
            return false;
        }
    }

    static String optionsHash(List<String> jvmOptions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n"
                    + String.join("\n", jvmOptions)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extracts into a directory of its own, then renames it onto {@code directory} (another launcher may win). */
    private static void extract(Path jar, Path root, Path directory) throws IOException {
        Files.createDirectories(root);
        Path temporary = root.resolve(directory.getFileName() + ".extracting-" + ProcessHandle.current().pid());
        deleteRecursively(temporary);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", temporary.toString(),
                "--application-filename", APP_JAR);
        Path output = root.resolve(directory.getFileName() + ".extracting-" + ProcessHandle.current().pid() + ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("extraction took longer than 2 minutes");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(temporary.resolve(APP_JAR))) {
                throw new IOException("extraction failed (exit code " + process.exitValue() + "): "
                        + Files.readString(output).strip());
            }
            try {
                Files.move(temporary, directory, StandardCopyOption.ATOMIC_MOVE);
                System.out.printf("Class-data cache: %s extracted into %s in %.1f s%n", jar.getFileName(), directory,
                        (System.nanoTime() - started) / 1e9);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another launcher extracted the same jar at the same time: use its copy
                if (!Files.isRegularFile(directory.resolve(APP_JAR))) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while extracting", e);
        } finally {
            deleteRecursively(temporary);
            Files.deleteIfExists(output);
        }
    }

    /** Caches of earlier builds of the jar (and extractions abandoned a day ago or more). */
    private static void removeOthers(Path root, Path keep) {
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean extracting = name.contains(".extracting-");
                if (!entry.equals(keep) && (!extracting || Files.getLastModifiedTime(entry).toInstant()
                        .isBefore(dayAgo))) {
                    deleteRecursively(entry);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Class-data cache: could not remove old caches in " + root + ": " + e);
        }
    }

    /** Training files left by a launcher that was killed (a day old: a running one may still be training). */
    private void removeAbandonedTraining() {
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains(TRAINING)).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(dayAgo)) {
                    delete(file);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // only tidiness
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename atomically", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next start tries again
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
