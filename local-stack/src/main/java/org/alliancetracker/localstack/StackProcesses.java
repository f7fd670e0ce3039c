package org.alliancetracker.localstack;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs parts of the stack as child JVMs ({@link Part}): each can be killed with SIGKILL and started again on the same
 * ports and data. Used by {@code --separate-processes}, by the chaos tests and by the benchmarks. Children inherit
 * this JVM's classpath (tests) or re-enter this executable jar through Spring Boot's PropertiesLauncher, or, with a
 * {@link ClassCache}, run from its extracted copy with a class-data archive each.
 */
public final class StackProcesses implements AutoCloseable {

    private final Path logDir;
    private final List<String> jvmOptions;
    private final Map<String, Child> children = new LinkedHashMap<>();
    private final ClassCache classCache;

    public StackProcesses(Path logDir, List<String> jvmOptions) {
        this(logDir, jvmOptions, (ClassCache) null);
    }

    /**
     * With {@code classCache} (see {@link ClassCache}; {@code ALLIANCE_CLASS_CACHE} or the launcher's
     * {@code --no-class-cache}), when this JVM runs from the executable jar: the parts run from its extracted copy,
     * each with a class-data archive.
     */
    public static StackProcesses fromLauncher(Path logDir, List<String> jvmOptions, boolean classCache) {
        File self = selfJar();
        String setting = classCache ? System.getenv("ALLIANCE_CLASS_CACHE") : "false";
        return new StackProcesses(logDir, jvmOptions, self == null || ClassCache.isOff(setting) ? null
                : ClassCache.prepare(self, setting));
    }

    StackProcesses(Path logDir, List<String> jvmOptions, ClassCache classCache) {
        this.logDir = logDir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classCache = classCache;
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a part and waits until it prints READY (or fails). {@code name} is unique per child. */
    public void start(String name, String part, List<String> args, Duration timeout) {
        await(name, launch(name, part, args), timeout);
    }

    /** Starts a part without waiting; {@link #await} the returned signal (start several at once, then wait). */
    public synchronized CompletableFuture<Void> launch(String name, String part, List<String> args) {
        Child previous = children.get(name);
        if (previous != null && previous.process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(PartMemory.options(part, jvmOptions));
        ClassCache.Run run = classCache == null ? null : classCache.run(name, options);
        List<String> command = new ArrayList<>(javaCommand(options, selfJar(), classCache, run));
        command.add(part);
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Child child = new Child(name, part, args, process, run);
            Path log = logDir.resolve(name + ".log");
            Thread pump = new Thread(() -> pump(child, log), "log-" + name);
            pump.setDaemon(true);
            pump.start();
            children.put(name, child);
            return child.ready;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void await(String name, CompletableFuture<Void> ready, Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            kill(name);
            throw new IllegalStateException(name + " did not become ready; see " + logDir.resolve(name + ".log"), e);
        }
    }

    /** SIGKILL: no shutdown hook runs, as in a crash. */
    public synchronized void kill(String name) {
        Child child = children.get(name);
        if (child != null) {
            child.killed = child.process.isAlive();
            child.process.destroyForcibly();
            try {
                child.process.waitFor(30, TimeUnit.SECONDS);
                child.ended.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // its log pump did not end: nothing to keep of it
            }
        }
    }

    /**
     * SIGTERM: a clean stop through the part's shutdown hook (SIGKILL after 60 s). A part training its class-data
     * archive writes it after that (seconds to a minute); this waits for that too (up to 150 s).
     */
    public synchronized void stop(String name) {
        Child child = children.get(name);
        if (child != null) {
            terminate(child);
            awaitExit(child);
        }
    }

    /**
     * SIGTERM through the process handle: {@link Process#destroy} would also close our end of its output pipe, so
     * that what the part writes while it stops (its shutdown log, STOPPED) fails with EPIPE and is lost.
     */
    private static void terminate(Child child) {
        child.process.toHandle().destroy();
    }

    private static void awaitExit(Child child) {
        try {
            // a training JVM assembles its archive at exit in a second JVM: on two busy cores, with all parts at
            // once, that took 30-55 s (docs/benchmarks.md)
            boolean training = child.run != null && child.run.training() != null;
            if (!child.process.waitFor(training ? 150 : 60, TimeUnit.SECONDS)) {
                child.killed = true;
                child.process.destroyForcibly();
                child.process.waitFor(30, TimeUnit.SECONDS);
            }
            child.ended.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // its log pump did not end: its archive, if any, is not kept
        }
    }

    /** Starts a stopped or killed part again with the same arguments. */
    public void restart(String name, Duration timeout) {
        Child child;
        synchronized (this) {
            child = children.get(name);
        }
        if (child == null) {
            throw new IllegalArgumentException("Unknown part " + name);
        }
        start(name, child.part, child.args, timeout);
    }

    public synchronized long pid(String name) {
        return children.get(name).process.pid();
    }

    public synchronized List<String> names() {
        return List.copyOf(children.keySet());
    }

    /**
     * Stops every part, the last started first: each after the one before it has closed (its shutdown hook printed
     * {@code STOPPED}), then waits for all of them to exit, so that archives written at exit are written at once.
     */
    @Override
    public synchronized void close() {
        List<Child> running = new ArrayList<>(children.values());
        java.util.Collections.reverse(running);
        for (Child child : running) {
            terminate(child);
            try {
                child.stopped.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // not closed in time: it is killed below if it does not exit either
            }
        }
        if (running.stream().anyMatch(c -> c.run != null && c.run.training() != null && c.process.isAlive())) {
            System.out.println("Writing the parts' class-data archives (once per build; up to a minute or two)...");
        }
        running.forEach(StackProcesses::awaitExit);
    }

    /**
     * The command that runs {@link Part} in a new JVM: with the same classes as this one (its class path, or
     * {@code self}, the executable jar it runs from), or from {@code cache}'s extracted jar with {@code run}'s
     * archive options.
     */
    static List<String> javaCommand(List<String> jvmOptions, File self, ClassCache cache, ClassCache.Run run) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        if (self != null && cache != null && run != null) {
            command.addAll(run.options());
            command.addAll(cache.classPath());
            command.add(Part.class.getName());
        } else if (self != null) {
            command.add("-Dloader.main=" + Part.class.getName());
            command.add("-cp");
            command.add(self.getAbsolutePath());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(Part.class.getName());
        }
        return command;
    }

    /** This executable jar, when running from one (java -jar local-stack.jar). */
    static File selfJar() {
        String classPath = System.getProperty("java.class.path");
        if (classPath != null && !classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            return new File(classPath);
        }
        return null;
    }

    private void pump(Child child, Path log) {
        pump(child.process, log, "READY " + child.part, child.ready, "STOPPED " + child.part, child.stopped);
        if (child.run != null) {
            child.run.finish(child.killed, classCache.kind());
        }
        child.ended.complete(null);
    }

    private static void pump(Process process, Path log, String readyLine, CompletableFuture<Void> ready,
            String stoppedLine, CompletableFuture<Void> stopped) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.equals(readyLine)) {
                    ready.complete(null);
                } else if (line.equals(stoppedLine)) {
                    stopped.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("process ended with " + exit(process)));
        stopped.complete(null);
    }

    private static String exit(Process process) {
        try {
            return "exit code " + process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown exit";
        }
    }

    private static final class Child {
        final String name;
        final String part;
        final List<String> args;
        final Process process;
        final ClassCache.Run run;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        /** Its shutdown hook has run (or it ended). */
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        /** It exited and its archive, if it trained one, is kept or dropped. */
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        /** SIGKILLed: whatever it was writing is incomplete. */
        volatile boolean killed;

        Child(String name, String part, List<String> args, Process process, ClassCache.Run run) {
            this.name = name;
            this.part = part;
            this.args = args;
            this.process = process;
            this.run = run;
        }
    }
}
