package org.alliancetracker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.alliancetracker.events.Topics;
import org.alliancetracker.localstack.LocalStack;

/**
 * The benchmark harness: starts the local stack and measures P1–P5, each as the median of several runs beside its
 * baseline measured in the same run. Run it with {@code bench/run.sh} (which builds first); options:
 * <pre>
 *   --runs=5               runs per figure (median, min, max)
 *   --only=p1,p2,p3,p4,p5  which figures
 *   --p1-seconds=15 --p1-concurrency=32 --warmup-seconds=20
 *   --p2-lines=100000 --p2-runs=(runs)
 *   --p3-seconds=20 [--p3-rate=N, default half the P1 median]
 *   --p4-events=1000000 --p4-runs=3 --p4-store-documents=100000
 *   --p5-runs=3
 *   --stack-jvm-options="…"   for every JVM of the load stack (default: LocalStack.PART_JVM_OPTIONS with C2)
 *   --work-dir=bench/target/work --local-stack-jar=local-stack/target/local-stack.jar
 * </pre>
 * The report (Markdown) is printed and written to {@code <work-dir>/report-<time>.md}.
 */
public final class Bench {

    private final Map<String, String> options;
    private final int runs;
    private final Path workDir;
    private final List<String> stackJvm;
    private final StringBuilder report = new StringBuilder();
    private final Map<String, String> rows = new LinkedHashMap<>();

    private Bench(Map<String, String> options) throws IOException {
        this.options = options;
        this.runs = integer("runs", 5);
        this.workDir = Path.of(option("work-dir", "bench/target/work")).toAbsolutePath().normalize();
        // steady-state throughput: the local stack's part options, but with C2 (they stop at C1 for a quick start)
        this.stackJvm = options.containsKey("stack-jvm-options")
                ? Arrays.stream(option("stack-jvm-options", "").trim().split("\\s+")).filter(s -> !s.isBlank()).toList()
                : LocalStack.PART_JVM_OPTIONS.stream().filter(o -> !o.startsWith("-XX:TieredStopAtLevel")).toList();
        Files.createDirectories(workDir);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg + " (options are --name=value)");
            }
        }
        new Bench(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Set<String> only = Arrays.stream(option("only", "p1,p2,p3,p4,p5").split(",")).map(String::trim)
                .collect(Collectors.toSet());
        line("# Benchmark run " + Instant.now());
        line("");
        line("- machine: " + Machine.describe());
        line("- load average at start: " + Machine.load());
        line("- options: " + options + " (runs per figure: " + runs + ")");
        line("- stack JVM options: " + (stackJvm.isEmpty() ? "(none)" : String.join(" ", stackJvm)));
        line("");
        if (only.contains("p5")) {
            startUp();
        }
        if (only.contains("p1") || only.contains("p2") || only.contains("p3") || only.contains("p4")) {
            loads(only);
        }
        line("");
        line("| figure | measured (median of runs, min–max) | baseline (median, min–max) | ratio |");
        line("|---|---|---|---|");
        rows.forEach((figure, row) -> line("| " + figure + " | " + row + " |"));
        line("");
        line("- load average at end: " + Machine.load());
        Path file = workDir.resolve("report-" + Instant.now().toString().replace(':', '-') + ".md");
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.println("Report written to " + file);
    }

    private void startUp() throws Exception {
        Path jar = Path.of(option("local-stack-jar", "local-stack/target/local-stack.jar")).toAbsolutePath();
        int p5Runs = integer("p5-runs", 3);
        // exactly the documented commands, unless --stack-jvm-options asks for more (the parts of
        // --separate-processes get LocalStack.PART_JVM_OPTIONS from the launcher itself)
        List<String> launcherOptions = options.containsKey("stack-jvm-options") ? stackJvm : List.of();
        StartUp startUp = new StartUp(jar, launcherOptions, integer("port-offset", 20000));
        for (boolean separate : List.of(false, true)) {
            String mode = separate ? "--separate-processes" : "in one JVM";
            List<Double> seconds = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            for (int run = 1; run <= p5Runs; run++) {
                Path dataDir = workDir.resolve("p5-" + (separate ? "separate" : "single") + "-" + run);
                deleteRecursively(dataDir);
                Files.createDirectories(dataDir);
                String load = Machine.load();
                StartUp.Result result = startUp.run(dataDir, separate, dataDir.resolve("launcher.log"));
                seconds.add(result.seconds());
                rss.add(result.rssBytes() / (1024.0 * 1024));
                line(String.format("P5 %s run %d: healthy after %.1f s, RSS %s in %d process(es) (load %s)", mode,
                        run, result.seconds(), Rss.mib(result.rssBytes()), result.processes(), load));
            }
            rows.put("P5 start, " + mode + " (s, launch → all healthy; goal ≤ 20)", Stats.of(seconds).format("s")
                    + " | – | " + String.format("%.2f of goal", Stats.of(seconds).median() / 20));
            rows.put("P5 RSS at healthy, " + mode + " (MiB, all processes; goal ≤ 1536)", Stats.of(rss).format("MiB")
                    + " | – | " + String.format("%.2f of goal", Stats.of(rss).median() / 1536));
        }
    }

    private void loads(Set<String> only) throws Exception {
        Path dataDir = workDir.resolve("stack");
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        List<String> serviceArgs = Arrays.stream(option("service-args", "").trim().split("\\s+"))
                .filter(s -> !s.isBlank()).toList();
        try (BenchStack stack = new BenchStack(dataDir, stackJvm, serviceArgs)) {
            Duration started = stack.start();
            line(String.format("Bench stack (separate processes, free ports) ready after %.1f s; logs in %s",
                    started.toMillis() / 1000.0, stack.logs()));
            Budget budget = new Budget(stack);
            budget.create(integer("grants-per-country", 8));
            try (Kafka kafka = new Kafka(stack.bootstrapServers())) {
                double p1Rate = Double.NaN;
                if (only.contains("p1")) {
                    p1Rate = singlePosts(stack, budget);
                    kafka.awaitNoLag(Duration.ofMinutes(30));
                }
                if (only.contains("p3")) {
                    double rate = options.containsKey("p3-rate") ? Double.parseDouble(option("p3-rate", "0"))
                            : Double.isNaN(p1Rate) ? 50 : p1Rate / 2;
                    freshness(stack, rate);
                }
                memory(stack, "after P1/P3 (all parts running)");
                if (only.contains("p2")) {
                    bulk(stack, kafka, budget);
                    memory(stack, "after P2 (grants and reporting stopped for it)"); // then P4 stops disbursement
                }
                if (only.contains("p4")) {
                    rebuild(stack, kafka);
                }
            }
        }
    }

    private double singlePosts(BenchStack stack, Budget budget) throws Exception {
        int concurrency = integer("p1-concurrency", 32);
        Duration duration = Duration.ofSeconds(integer("p1-seconds", 15));
        Duration warmup = Duration.ofSeconds(integer("warmup-seconds", 20));
        String authorization = stack.clients().bearer(Budget.AGENCY_CLIENT);
        String base = stack.url("disbursement");
        ClosedLoop noop = new ClosedLoop(base + "/api/v1/bench/noop-disbursements", authorization,
                budget.ingestGrants());
        ClosedLoop real = new ClosedLoop(base + "/api/v1/disbursements", authorization, budget.ingestGrants());
        noop.run("warm-noop", concurrency, warmup);
        real.run("warm-real", concurrency, warmup);
        List<Double> noopRates = new ArrayList<>();
        List<Double> realRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> perPost = new ArrayList<>();
        Bulk roundTrips = new Bulk(stack, null, budget.ingestGrants());
        for (int run = 1; run <= runs; run++) {
            String load = Machine.load();
            ClosedLoop.Result baseline = noop.run("noop-" + run, concurrency, duration);
            long commandsBefore = roundTrips.mongoCommands(base);
            double publishedBefore = roundTrips.published(base);
            ClosedLoop.Result measured = real.run("p1-" + run, concurrency, duration);
            // every accepted post's event relayed (and so its outbox entry cleared) before the commands are counted
            Api.await("the relay to count the posts' events", Duration.ofMinutes(5),
                    () -> roundTrips.published(base) >= publishedBefore + measured.created());
            perPost.add((double) (roundTrips.mongoCommands(base) - commandsBefore) / Math.max(1, measured.created()));
            noopRates.add(baseline.perSecond());
            realRates.add(measured.perSecond());
            ratios.add(measured.perSecond() / baseline.perSecond());
            line(String.format("P1 run %d: %,.0f disbursements/s (%d created, other answers %s) vs no-op %,.0f/s "
                            + "(other answers %s); ratio %.3f; %.2f MongoDB round trips per accepted post (load %s)", run,
                    measured.perSecond(), measured.created(), measured.others(), baseline.perSecond(),
                    baseline.others(), ratios.getLast(), perPost.getLast(), load));
        }
        rows.put("P1 MongoDB round trips per accepted single post (incl. relay and sweeps)",
                Stats.of(perPost).format("") + " | – | –");
        rows.put("P1 single POST, " + concurrency + " in flight (201/s; goal ratio ≥ 0.25)",
                Stats.of(realRates).format("/s") + " | " + Stats.of(noopRates).format("/s") + " (no-op endpoint) | "
                        + ratio(ratios));
        return Stats.of(realRates).median();
    }

    private void freshness(BenchStack stack, double rate) throws Exception {
        Duration duration = Duration.ofSeconds(integer("p3-seconds", 20));
        Freshness freshness = new Freshness(stack);
        freshness.run("warm-fresh", rate, Duration.ofSeconds(5));
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            String load = Machine.load();
            Freshness.Result result = freshness.run("p3-" + run, rate, duration);
            p50.add(result.p50Millis());
            p99.add(result.p99Millis());
            line(String.format("P3 run %d at %.0f posts/s: %d answered (%d failed), p50 %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms (load %s)", run, rate, result.answered(), result.failed(), result.p50Millis(),
                    result.p99Millis(), result.maxMillis(), load));
        }
        rows.put(String.format("P3 freshness p50, %.0f posts/s (ms)", rate), Stats.of(p50).format("ms") + " | – | –");
        rows.put(String.format("P3 freshness p99, %.0f posts/s (ms; goal ≤ 100)", rate), Stats.of(p99).format("ms")
                + " | – | " + String.format("%.2f of goal", Stats.of(p99).median() / 100));
    }

    private void bulk(BenchStack stack, Kafka kafka, Budget budget) throws Exception {
        int lines = integer("p2-lines", 100_000);
        int p2Runs = integer("p2-runs", runs);
        int largeLines = integer("p2-large-lines", 1_000_000);
        // the ingest path alone: the consumers of alliance.disbursements are measured by P4
        stack.stop("reporting");
        stack.stop("grants");
        Bulk bulk = new Bulk(stack, kafka, budget.ingestGrants());
        kafka.createTopic("bench.producer-performance", 6);
        Path upload = workDir.resolve("upload.ndjson");
        bulk.run(bulk.write(upload, "warm-bulk", Math.min(lines, 10_000)), Math.min(lines, 10_000), "warm-bulk");
        // the size of the CloudEvents the uploads publish (measured after the warm-up: P2 may run without P1/P3)
        int recordSize = kafka.meanValueSize(Topics.DISBURSEMENTS, 1000);
        List<Double> completed = new ArrayList<>();
        List<Double> onKafka = new ArrayList<>();
        List<Double> store = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> storeRatios = new ArrayList<>();
        List<Double> perLine = new ArrayList<>();
        Path log = workDir.resolve("producer-performance.log");
        try (StoreBaseline baseline = new StoreBaseline(stack.mongoUri())) {
            for (int run = 1; run <= p2Runs; run++) {
                bulk.write(upload, "p2-" + run, lines);
                String load = Machine.load();
                Bulk.Result result = bulk.run(upload, lines, "p2-" + run);
                double storeRate = baseline.insertManyRate(lines, "p2-" + run);
                double rawRate = kafka.producerPerformance("bench.producer-performance", lines, recordSize, log);
                completed.add(result.completedPerSecond());
                onKafka.add(result.onKafkaPerSecond());
                store.add(storeRate);
                raw.add(rawRate);
                storeRatios.add(result.completedPerSecond() / storeRate);
                perLine.add(result.commandsPerLine());
                line(String.format("P2 run %d: batch job of %,d lines (%,d accepted): 202 after %.1f s, COMPLETED after "
                                + "%.1f s (%,.0f lines/s), all events on Kafka after %.1f s (%,.0f/s); %,d MongoDB "
                                + "round trips = %.4f per line; store insertMany %,.0f docs/s (ratio %.3f); "
                                + "ProducerPerformance %,.0f records/s of %d B (load %s)", run, result.lines(),
                        result.created(), result.acceptedSeconds(), result.completedSeconds(),
                        result.completedPerSecond(), result.onKafkaSeconds(), result.onKafkaPerSecond(),
                        result.mongoCommands(), result.commandsPerLine(), storeRate, storeRatios.getLast(), rawRate,
                        recordSize, load));
            }
        }
        rows.put(String.format("P2 batch job, %,d lines, POST → COMPLETED (lines/s; goal ≥ 0.7 × store)", lines),
                Stats.of(completed).format("/s") + " | " + Stats.of(store).format("/s")
                        + " (store's own insertMany, same run) | " + ratio(storeRatios));
        rows.put("P2 batch job, POST → all events on Kafka (records/s)", Stats.of(onKafka).format("/s") + " | "
                + Stats.of(raw).format("/s") + String.format(" (ProducerPerformance, acks=all, %d B) | –", recordSize));
        rows.put("P2 MongoDB round trips per line (goal ≤ 0.05)", Stats.of(perLine).format("") + " | – | –");
        if (largeLines > 0) {
            bulk.write(upload, "p2-large", largeLines);
            long pid = stack.pid("disbursement");
            long[] maxRss = {Rss.of(pid)};
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxRss[0] = Math.max(maxRss[0], Rss.of(pid));
                    try {
                        Thread.sleep(500); // sampling the process's RSS (a measurement, not a wait for a condition)
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Bulk.Result result = bulk.run(upload, largeLines, "p2-large");
            sampler.interrupt();
            line(String.format("P2 large: batch job of %,d lines (%,d accepted): 202 after %.1f s, COMPLETED after "
                            + "%.1f s (%,.0f lines/s), all events on Kafka after %.1f s; %.4f round trips per line; "
                            + "disbursement-service RSS at most %s", result.lines(), result.created(),
                    result.acceptedSeconds(), result.completedSeconds(), result.completedPerSecond(),
                    result.onKafkaSeconds(), result.commandsPerLine(), Rss.mib(maxRss[0])));
            rows.put(String.format("P2 batch job, %,d lines (lines/s POST → COMPLETED; service RSS max)", largeLines),
                    String.format("%,.0f/s, RSS %s | – | –", result.completedPerSecond(), Rss.mib(maxRss[0])));
        }
        Files.deleteIfExists(upload);
    }

    private void rebuild(BenchStack stack, Kafka kafka) throws Exception {
        long target = Long.parseLong(option("p4-events", "1000000"));
        int p4Runs = integer("p4-runs", 3);
        // the rebuild alone: stop the other consumers (disbursement-service reads alliance.grants, grants-service
        // reads alliance.disbursements)
        stack.stop("grants");
        stack.stop("disbursement");
        stack.stop("reporting");
        long existing = Topics.SOURCE_TOPICS.stream().mapToLong(kafka::endOffsets).sum();
        int grants = 8;
        long disbursements = Math.max(0, target - existing - grants);
        long generateStart = System.nanoTime();
        new Rebuild(stack).generate(grants, disbursements);
        line(String.format("P4: %,d events were on the source topics; published %d awards and %,d disbursements in "
                + "%.1f s", existing, grants, disbursements, (System.nanoTime() - generateStart) / 1e9));
        stack.restart("reporting");
        Rebuild rebuild = new Rebuild(stack);
        long onDisbursements = kafka.endOffsets(Topics.DISBURSEMENTS);
        List<Double> rates = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> storeRates = new ArrayList<>();
        List<Double> storeRatios = new ArrayList<>();
        int storeDocuments = integer("p4-store-documents", 100_000);
        Path log = workDir.resolve("consumer-performance.log");
        long total = 0;
        try (StoreBaseline baseline = new StoreBaseline(stack.mongoUri())) {
            for (int run = 1; run <= p4Runs; run++) {
                String load = Machine.load();
                Rebuild.Result result = rebuild.run();
                double[] rawRates = kafka.consumerPerformance(Topics.DISBURSEMENTS, onDisbursements, log);
                // the store's own insertMany rate, same run: one fact per event is the least a replay writes
                double storeRate = baseline.insertManyRate(storeDocuments, "p4-" + run);
                total = result.total();
                rates.add(result.perSecond());
                raw.add(rawRates[0]);
                ratios.add(result.perSecond() / rawRates[0]);
                storeRates.add(storeRate);
                storeRatios.add(result.perSecond() / storeRate);
                line(String.format("P4 run %d: rebuild of %,d events in %.1f s = %,.0f events/s (service reports "
                                + "%,d/s) vs ConsumerPerformance %,.0f records/s while fetching (%,.0f/s overall) on %s; "
                                + "ratio %.3f; store insertMany %,.0f docs/s (%,d docs), ratio %.3f (load %s)", run,
                        result.total(), result.seconds(), result.perSecond(), result.reportedPerSecond(), rawRates[0],
                        rawRates[1], Topics.DISBURSEMENTS, ratios.getLast(), storeRate, storeDocuments,
                        storeRatios.getLast(), load));
            }
        }
        rows.put(String.format("P4 rebuild, %,d events (events/s, POST → COMPLETED; goal ratio ≥ 0.5)", total),
                Stats.of(rates).format("/s") + " | " + Stats.of(raw).format("/s") + " (ConsumerPerformance) | "
                        + ratio(ratios));
        rows.put(String.format("P4 rebuild, %,d events, against the store (goal ratio ≥ 0.8)", total),
                Stats.of(rates).format("/s") + " | " + Stats.of(storeRates).format("/s")
                        + " (store's own insertMany, same run) | " + ratio(storeRatios));
        memory(stack, "reporting-service after the rebuilds");
    }

    private void memory(BenchStack stack, String when) {
        StringBuilder parts = new StringBuilder();
        long sum = 0;
        for (String part : stack.parts()) {
            try {
                long rss = Rss.of(stack.pid(part));
                if (rss > 0) {
                    sum += rss;
                    parts.append(part).append(' ').append(Rss.mib(rss)).append(", ");
                }
            } catch (RuntimeException e) {
                // a stopped part
            }
        }
        line("RSS " + when + ": " + parts + "total " + Rss.mib(sum));
    }

    private static String ratio(List<Double> ratios) {
        Stats stats = Stats.of(ratios);
        return String.format("%.3f (%.3f–%.3f)", stats.median(), stats.min(), stats.max());
    }

    private void line(String text) {
        System.out.println(text);
        System.out.flush();
        report.append(text).append('\n');
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private int integer(String name, int fallback) {
        return Integer.parseInt(option(name, Integer.toString(fallback)));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
