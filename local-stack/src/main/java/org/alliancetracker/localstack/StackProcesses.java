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
 * this JVM's classpath (tests) or re-enter this executable jar through Spring Boot's PropertiesLauncher.
 */
public final class StackProcesses implements AutoCloseable {

    private final Path logDir;
    private final List<String> jvmOptions;
    private final Map<String, Child> children = new LinkedHashMap<>();

    public StackProcesses(Path logDir, List<String> jvmOptions) {
        this.logDir = logDir;
        this.jvmOptions = List.copyOf(jvmOptions);
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
        List<String> command = new ArrayList<>(javaCommand(options));
        command.add(part);
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Path log = logDir.resolve(name + ".log");
            Thread pump = new Thread(() -> pump(process, log, "READY " + part, ready), "log-" + name);
            pump.setDaemon(true);
            pump.start();
            children.put(name, new Child(name, part, args, process));
            return ready;
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
            child.process.destroyForcibly();
            try {
                child.process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM: a clean stop through the part's shutdown hook. */
    public synchronized void stop(String name) {
        Child child = children.get(name);
        if (child != null) {
            child.process.destroy();
            try {
                if (!child.process.waitFor(60, TimeUnit.SECONDS)) {
                    child.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(children.keySet());
        java.util.Collections.reverse(names);
        names.forEach(this::stop);
    }

    /** The command that runs {@link Part} in a new JVM with the same classes as this one. */
    static List<String> javaCommand(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        File self = selfJar();
        if (self != null) {
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
    private static File selfJar() {
        String classPath = System.getProperty("java.class.path");
        if (classPath != null && !classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            return new File(classPath);
        }
        return null;
    }

    private static void pump(Process process, Path log, String readyLine, CompletableFuture<Void> ready) {
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
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("process ended with " + exit(process)));
    }

    private static String exit(Process process) {
        try {
            return "exit code " + process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown exit";
        }
    }

    private record Child(String name, String part, List<String> args, Process process) {
    }
}
