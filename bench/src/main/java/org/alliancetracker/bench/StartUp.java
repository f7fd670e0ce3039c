package org.alliancetracker.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * P5: {@code java -jar local-stack.jar --no-demo-data} (in one JVM, or with {@code --separate-processes}) on a fresh
 * data directory and shifted ports, from launch until it prints that every service is healthy; then the resident
 * memory of the launcher and all its child processes; then a clean stop.
 */
final class StartUp {

    record Result(double seconds, long rssBytes, int processes) {
    }

    private final Path jar;
    private final List<String> jvmOptions;
    private final int portOffset;

    StartUp(Path jar, List<String> jvmOptions, int portOffset) {
        this.jar = jar;
        this.jvmOptions = jvmOptions;
        this.portOffset = portOffset;
    }

    Result run(Path dataDir, boolean separate, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--no-demo-data", "--data-dir=" + dataDir,
                "--port-offset=" + portOffset));
        if (separate) {
            command.add("--separate-processes");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (separate && !jvmOptions.isEmpty()) {
            // the launcher starts its parts with plain java: hand them the same options
            builder.environment().put("JDK_JAVA_OPTIONS", String.join(" ", jvmOptions));
        }
        long start = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<Double> up = new CompletableFuture<>();
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.contains("Alliance Tracker is up")) {
                        up.complete((System.nanoTime() - start) / 1e9);
                    }
                    out.write(line);
                    out.newLine();
                }
            } catch (IOException e) {
                up.completeExceptionally(e);
            }
            up.completeExceptionally(new IllegalStateException("local-stack ended before it was up; see " + log));
        });
        try {
            double seconds = up.get(5, TimeUnit.MINUTES);
            ProcessHandle root = process.toHandle();
            int processes = 1 + (int) root.descendants().count();
            return new Result(seconds, Rss.ofTree(root), processes);
        } finally {
            List<ProcessHandle> children = process.toHandle().descendants().toList();
            process.destroy();
            // the first clean stop after a build writes the parts' class-data archives (ClassCache): up to minutes
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.destroyForcibly();
            }
            pump.join(10_000);
        }
    }
}
