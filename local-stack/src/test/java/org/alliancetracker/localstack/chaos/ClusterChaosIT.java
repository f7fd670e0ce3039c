package org.alliancetracker.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The whole system as separate processes on a three-node Kafka cluster (KRaft, every node broker and controller,
 * replication factor 3, min.insync.replicas 2), under the load of {@link CrashAndRestartChaosIT}'s agencies (single
 * posts and NDJSON uploads to {@code /api/v1/disbursements/batch}, reversals, refusals), while the broker leading the
 * busiest partitions of {@code alliance.disbursements} is killed with SIGKILL, kept down until new leaders are elected
 * and load has gone on without it, and restarted, then the next busiest one; and once two brokers at the same time
 * (no controller quorum, fewer replicas than min.insync.replicas: events wait in the outboxes, requests are still
 * accepted), both restarted after a while. After every round all replicas must be back in sync. Then the same
 * {@link Reconciliation}: every accepted disbursement exactly once in ledger, records, grants-service, views,
 * drill-down and on the topic (by CloudEvent id), to the cent.
 *
 * <p>{@code ./mvnw -Pchaos -pl local-stack -am verify -Dit.test=ClusterChaosIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}; {@code -Dchaos.disbursements=N}
 * (default 30,000 requests), {@code -Dchaos.rounds=N} (default 4: leader, leader, two brokers, leader; more repeat
 * the pattern), and the agencies' options of {@link CrashAndRestartChaosIT}. Figures are printed as
 * {@code CHAOS RESULT}.
 */
class ClusterChaosIT {

    private static final int BROKERS = 3;

    /** Kept after the run (logs of every part under {@code logs/}); emptied when the next run starts. */
    private final Path dataDir = Path.of("target", "cluster-chaos-run").toAbsolutePath();

    private enum Fault { LEADER, TWO_BROKERS }

    /** How long two brokers stay down at least ({@code -Dchaos.two-down-seconds}, default 30). */
    private static final Duration TWO_DOWN = Duration.ofSeconds(Long.getLong("chaos.two-down-seconds", 30));

    @Test
    void everyAcceptedDisbursementIsCountedExactlyOnceWhileBrokersFail() throws Exception {
        int target = Integer.getInteger("chaos.disbursements", 30_000);
        int rounds = Integer.getInteger("chaos.rounds", 4);
        int singleAgencies = Integer.getInteger("chaos.single-agencies", 6);
        int batchAgencies = Integer.getInteger("chaos.batch-agencies", 6);
        int batchSize = Integer.getInteger("chaos.batch-size", 250);
        List<Fault> pattern = List.of(Fault.LEADER, Fault.LEADER, Fault.TWO_BROKERS, Fault.LEADER);
        CrashAndRestartChaosIT.deleteRecursively(dataDir);
        try (ChaosStack stack = new ChaosStack(dataDir, BROKERS)) {
            long started = System.nanoTime();
            stack.start();
            long up = System.nanoTime();
            Map<Integer, String> nodes = stack.kafkaNodes();
            Tokens tokens = new Tokens(stack.issuerUrl());
            Map<String, Reconciliation.Grant> grants = new CrashAndRestartChaosIT().budget(stack, tokens);

            Books books = new Books(target);
            ExecutorService agencies = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < singleAgencies + batchAgencies; i++) {
                String agency = i % 2 == 0 ? "USAID" : "STATE-INL";
                String other = i % 2 == 0 ? "STATE-INL" : "USAID";
                Agency.Mode mode = i < singleAgencies ? Agency.Mode.SINGLE : Agency.Mode.BATCH;
                agencies.submit(new Agency(mode.name().toLowerCase() + i + "-" + agency, agency,
                        CrashAndRestartChaosIT.CLIENTS.get(agency), CrashAndRestartChaosIT.CLIENTS.get(other), mode,
                        batchSize, stack.url("disbursement"), CrashAndRestartChaosIT.large(grants, agency),
                        CrashAndRestartChaosIT.large(grants, other), CrashAndRestartChaosIT.small(agency), tokens,
                        books, 4242L + i));
            }

            Map<String, Integer> kills = new TreeMap<>();
            long leaderChanges = 0;
            long twoDownSeconds = 0;
            long waitedSeconds = -1;
            long acceptedWhileTwoDown = 0;
            double acknowledgedWhileTwoDown = -1;
            try (ClusterWatch cluster = new ClusterWatch(stack.kafkaBootstrapServers());
                 PublishedEvents published = new PublishedEvents(stack.url("disbursement"))) {
                for (int round = 1; round <= rounds; round++) {
                    long threshold = (long) target * round / (rounds + 1);
                    await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                            .until(() -> books.answered() >= threshold);
                    Fault fault = pattern.get((round - 1) % pattern.size());
                    int leader = cluster.busiestLeader();
                    List<Integer> victims = new ArrayList<>(List.of(leader));
                    if (fault == Fault.TWO_BROKERS) {
                        victims.add(nodes.keySet().stream().filter(id -> id != leader).findFirst().orElseThrow());
                    }
                    Map<TopicPartition, Integer> before = cluster.leaders();
                    long killed = System.nanoTime();
                    long answeredAtKill = books.answered();
                    // down while a tenth of the work is answered, counted from the kill (the load runs ahead of the
                    // thresholds on a fast machine, so an absolute mark could already be passed)
                    long downUntil = answeredAtKill + (long) target / (2L * (rounds + 1));
                    victims.forEach(id -> stack.kill(nodes.get(id)));
                    victims.forEach(id -> kills.merge(nodes.get(id), 1, Integer::sum));
                    String elected;
                    if (fault == Fault.LEADER) {
                        // fenced after its session timeout; new leaders come from the in-sync replicas
                        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                                .ignoreExceptions().until(() -> cluster.leadsNothing(leader));
                        elected = "new leaders after " + seconds(killed) + " s";
                    } else {
                        elected = "no quorum";
                    }
                    // down for a while under load: requests must still be accepted; two brokers also at least
                    // TWO_DOWN (the answers alone pass in seconds, as requests are accepted on their MongoDB write)
                    long downAtLeast = fault == Fault.TWO_BROKERS ? TWO_DOWN.toNanos() : 0;
                    await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                            .until(() -> books.answered() >= downUntil && System.nanoTime() - killed >= downAtLeast);
                    long restarting = System.nanoTime();
                    long accepted = books.answered() - answeredAtKill;
                    if (fault == Fault.TWO_BROKERS) {
                        twoDownSeconds += Duration.ofNanos(restarting - killed).toSeconds();
                        acceptedWhileTwoDown += accepted;
                        acknowledgedWhileTwoDown = published.countAt(restarting)
                                - published.countAt(killed + Duration.ofSeconds(2).toNanos());
                    }
                    victims.forEach(id -> stack.restart(nodes.get(id)));
                    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                            .until(cluster::allInSync);
                    long changes = ClusterWatch.leaderChanges(before, cluster.leaders());
                    leaderChanges += changes;
                    if (fault == Fault.TWO_BROKERS) {
                        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                                .until(() -> published.firstRiseAfter(restarting) != null);
                        waitedSeconds = Duration.ofNanos(published.firstRiseAfter(restarting) - killed).toSeconds();
                    }
                    System.out.printf("CHAOS round %d at %d s: %d answered, %s (%s) killed; %s; down %d s with %d "
                                    + "answers; back and all replicas in sync after %d s; %d partition leaders "
                                    + "changed%n", round, Duration.ofNanos(killed - up).toSeconds(), answeredAtKill,
                            victims.stream().map(nodes::get).toList(), fault, elected,
                            Duration.ofNanos(restarting - killed).toSeconds(), accepted, seconds(restarting), changes);
                }
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
            StringBuilder report = new StringBuilder("CHAOS RESULT (three-broker cluster)\n");
            line(report, "disbursement requests (distinct keys)", all.size() + " (" + (all.size() - batchLines)
                    + " single posts, " + batchLines + " lines in " + books.batchesSent.get() + " NDJSON uploads)");
            line(report, "accepted (201)", all.stream().filter(Books.Answer::accepted).count());
            line(report, "refused", refused.values().stream().mapToLong(Long::longValue).sum() + " " + refused);
            line(report, "without a definite answer", unanswered);
            line(report, "reversals (effective)", books.reversals.size());
            line(report, "retries after no answer", books.retries.get());
            line(report, "uploads re-sent whole", books.batchResends.get());
            line(report, "reversals postponed (recording in progress)", books.postponedReversals.get());
            line(report, "broker kills (SIGKILL)", kills.values().stream().mapToInt(Integer::intValue).sum() + " "
                    + kills);
            line(report, "partition leaders changed (at least)", leaderChanges);
            line(report, "seconds two brokers were down", twoDownSeconds);
            line(report, "answers while two brokers were down", acceptedWhileTwoDown);
            line(report, "events acknowledged while two were down", acknowledgedWhileTwoDown);
            line(report, "seconds events waited (two down → first ack)", waitedSeconds);
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
            assertThat(kills.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(rounds);
            assertThat(leaderChanges).as("leaders elected after kills").isPositive();
            assertThat(acceptedWhileTwoDown).as("requests accepted while two brokers were down").isPositive();
            assertThat(reconciliation.differences).isEmpty();
        }
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }

    private static void line(StringBuilder report, String name, Object value) {
        CrashAndRestartChaosIT.line(report, name, value);
    }
}
