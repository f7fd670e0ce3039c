package org.alliancetracker.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.alliancetracker.localstack.DemoClients;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system as separate processes under load from concurrent simulated agencies ({@link Agency}: single posts,
 * NDJSON uploads and NDJSON batch jobs, reversals, requests that must be refused), while each service in turn is killed with SIGKILL
 * and restarted and the Kafka broker is restarted. Afterwards {@link Reconciliation} compares the system with what
 * the agencies were told, disbursement by disbursement: every accepted disbursement is counted exactly once by
 * disbursement-service (ledger and records), grants-service, reporting-service (views and drill-down) and on the
 * wire, every reversal once, nothing refused anywhere; totals equal accepted minus reversed to the cent.
 *
 * <p>Runs with {@code ./mvnw -Pchaos -pl local-stack -am verify -Dit.test=CrashAndRestartChaosIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}; {@code -Dchaos.disbursements=N}
 * (default 100,000 requests), {@code -Dchaos.single-agencies}, {@code -Dchaos.batch-agencies},
 * {@code -Dchaos.batch-size}. The figures are printed as {@code CHAOS RESULT} to the test output.
 */
class CrashAndRestartChaosIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> COUNTRIES = List.of("SV", "GT", "HN");
    static final Map<String, String> CLIENTS = Map.of("USAID", DemoClients.agencyClient("USAID"),
            "STATE-INL", DemoClients.agencyClient("STATE-INL"));

    /** Kept after the run (logs of every part under {@code logs/}); emptied when the next run starts. */
    private final Path dataDir = Path.of("target", "chaos-run").toAbsolutePath();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyAcceptedDisbursementIsCountedExactlyOnceWhateverCrashes() throws Exception {
        int target = Integer.getInteger("chaos.disbursements", 100_000);
        int singleAgencies = Integer.getInteger("chaos.single-agencies", 6);
        int batchAgencies = Integer.getInteger("chaos.batch-agencies", 6);
        int batchSize = Integer.getInteger("chaos.batch-size", 250);
        deleteRecursively(dataDir);
        try (ChaosStack stack = new ChaosStack(dataDir)) {
            long started = System.nanoTime();
            stack.start();
            long up = System.nanoTime();
            Tokens tokens = new Tokens(stack.issuerUrl());
            Map<String, Reconciliation.Grant> grants = budget(stack, tokens);

            Books books = new Books(target);
            ExecutorService agencies = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < singleAgencies + batchAgencies; i++) {
                String agency = i % 2 == 0 ? "USAID" : "STATE-INL";
                String other = i % 2 == 0 ? "STATE-INL" : "USAID";
                // the upload agencies: the first half send synchronous uploads, the second half batch jobs
                // (-Dchaos.batch-jobs=false: all synchronous)
                boolean jobs = Boolean.parseBoolean(System.getProperty("chaos.batch-jobs", "true"));
                Agency.Mode mode = i < singleAgencies ? Agency.Mode.SINGLE
                        : !jobs || i < singleAgencies + batchAgencies / 2 ? Agency.Mode.BATCH : Agency.Mode.JOB;
                agencies.submit(new Agency(mode.name().toLowerCase() + i + "-" + agency, agency, CLIENTS.get(agency),
                        CLIENTS.get(other), mode, batchSize, stack.url("disbursement"), large(grants, agency),
                        large(grants, other), small(agency), tokens, books, 42L + i));
            }

            // chaos, paced by progress: after every (rounds + 1)th of the work, the next victim goes down and comes
            // back (-Dchaos.rounds, default 11: disbursement, reporting, kafka, grants, and again)
            List<String> victims = List.of("disbursement", "reporting", "kafka", "grants");
            Map<String, Integer> kills = new TreeMap<>();
            int rounds = Integer.getInteger("chaos.rounds", 11);
            for (int round = 1; round <= rounds; round++) {
                long threshold = (long) target * round / (rounds + 1);
                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> books.answered() >= threshold);
                String victim = victims.get((round - 1) % victims.size());
                long before = System.nanoTime();
                stack.kill(victim);
                stack.restart(victim);
                System.out.printf("CHAOS round %d at %d s: %d answered, %s killed and back in %d s%n", round,
                        Duration.ofNanos(before - up).toSeconds(), books.answered(), victim,
                        Duration.ofNanos(System.nanoTime() - before).toSeconds());
                kills.merge(victim, 1, Integer::sum);
            }
            books.chaosOver();
            agencies.shutdown();
            assertThat(agencies.awaitTermination(30, TimeUnit.MINUTES)).isTrue();
            long loaded = System.nanoTime();

            Reconciliation reconciliation = new Reconciliation(stack, tokens, grants, books);
            reconciliation.run();
            long checked = System.nanoTime();

            List<Books.Answer> all = new ArrayList<>(books.answers.values());
            Map<String, Long> refused = all.stream().filter(a -> a.status() >= 400)
                    .collect(Collectors.groupingBy(a -> a.status() + " " + a.problem(), TreeMap::new,
                            Collectors.counting()));
            long unanswered = all.stream().filter(a -> a.status() < 0).count();
            long batchLines = all.stream().filter(Books.Answer::batch).count();
            int brokerRestarts = kills.getOrDefault("kafka", 0);
            StringBuilder report = new StringBuilder("CHAOS RESULT\n");
            line(report, "disbursement requests (distinct keys)", all.size() + " (" + (all.size() - batchLines)
                    + " single posts, " + batchLines + " lines in " + books.batchesSent.get() + " NDJSON uploads, "
                    + books.jobsSent.get() + " of them batch jobs)");
            line(report, "accepted (201)", all.stream().filter(Books.Answer::accepted).count());
            line(report, "refused", refused.values().stream().mapToLong(Long::longValue).sum() + " " + refused);
            line(report, "without a definite answer", unanswered);
            line(report, "reversals (effective)", books.reversals.size());
            line(report, "reversals refused (another agency's, 403)", books.refusedReversals.size());
            line(report, "retries after no answer", books.retries.get());
            line(report, "uploads re-sent whole", books.batchResends.get());
            line(report, "reversals postponed (recording in progress)", books.postponedReversals.get());
            line(report, "tokens refreshed after 401", books.tokenRefreshes.get());
            line(report, "service kills (SIGKILL)", kills.entrySet().stream().filter(e -> !e.getKey().equals("kafka"))
                    .mapToInt(Map.Entry::getValue).sum() + " " + kills);
            line(report, "broker restarts", brokerRestarts);
            line(report, "restarts that failed and were tried again", stack.failedStarts());
            line(report, "expected total (accepted - reversed)", Reconciliation.usd(reconciliation.expectedTotal())
                    + " USD");
            reconciliation.figures.forEach((name, value) -> line(report, name, value));
            line(report, "differences found", reconciliation.differences.size());
            reconciliation.differences.stream().limit(40).forEach(d -> report.append("    ").append(d).append('\n'));
            line(report, "seconds: stack start", Duration.ofNanos(up - started).toSeconds());
            line(report, "seconds: load with chaos", Duration.ofNanos(loaded - up).toSeconds());
            line(report, "seconds: reconciliation", Duration.ofNanos(checked - loaded).toSeconds());
            line(report, "seconds: total", Duration.ofNanos(checked - started).toSeconds());
            System.out.println(report);

            assertThat(unanswered).isZero();
            assertThat(all.size()).isGreaterThanOrEqualTo(target);
            assertThat(refused).as("refusals of each kind").containsKeys("403 not-your-grant",
                    "409 insufficient-obligation", "422 value-date-outside-grant-period");
            assertThat(books.reversals).isNotEmpty();
            assertThat(reconciliation.differences).isEmpty();
        }
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var paths = java.nio.file.Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(path);
                }
            }
        }
    }

    static void line(StringBuilder report, String name, Object value) {
        report.append(String.format("  %-45s %s%n", name, value));
    }

    static List<String> large(Map<String, Reconciliation.Grant> grants, String agency) {
        return grants.values().stream().filter(g -> g.agency().equals(agency) && !g.id().endsWith("-SMALL"))
                .map(Reconciliation.Grant::id).toList();
    }

    static String small(String agency) {
        return "CHAOS-GT-" + agency + "-SMALL";
    }

    /**
     * FY2019: per country one large grant for each agency, which no load exhausts, and per agency one small grant in
     * Guatemala (5,000.00) that soon runs out, so that requests are refused for want of obligation.
     */
    Map<String, Reconciliation.Grant> budget(ChaosStack stack, Tokens tokens) throws Exception {
        String url = stack.url("grants");
        String officer = tokens.bearer(DemoClients.PROGRAM_OFFICER);
        send(officer, "PUT", url + "/api/v1/appropriations/2019",
                "{\"stage\":\"ENACTED\",\"amount\":9000000000.00,\"source\":\"Chaos test appropriation\"}");
        Map<String, Reconciliation.Grant> grants = new LinkedHashMap<>();
        for (String country : COUNTRIES) {
            JsonNode allocation = send(officer, "POST", url + "/api/v1/allocations", "{\"fiscalYear\":2019,"
                    + "\"country\":\"" + country + "\",\"pillar\":\"SECURITY_AND_JUSTICE\",\"amount\":2000000000.00,"
                    + "\"allocatedOn\":\"2019-01-01\"}");
            for (String agency : CLIENTS.keySet().stream().sorted().toList()) {
                List<String> ids = new ArrayList<>(List.of("CHAOS-" + country + "-" + agency));
                if (country.equals("GT")) {
                    ids.add(small(agency));
                }
                for (String id : ids) {
                    String amount = id.endsWith("-SMALL") ? "5000.00" : "900000000.00";
                    send(officer, "POST", url + "/api/v1/grants", "{\"id\":\"" + id + "\",\"allocationId\":\""
                            + allocation.get("id").asString() + "\",\"agency\":\"" + agency + "\",\"title\":\"Chaos "
                            + "grant\",\"obligatedAmount\":" + amount + ",\"startDate\":\"2019-01-01\","
                            + "\"endDate\":\"2020-12-31\"}");
                    grants.put(id, new Reconciliation.Grant(id, country, agency, CLIENTS.get(agency)));
                }
            }
        }
        for (Reconciliation.Grant grant : grants.values()) {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                            URI.create(stack.url("disbursement") + "/api/v1/grants/" + grant.id() + "/balance"))
                    .header("Authorization", tokens.bearer(grant.client())).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        }
        return grants;
    }

    private JsonNode send(String authorization, String method, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, url, response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
