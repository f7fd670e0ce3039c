package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.issuer.TestIssuer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * The must-hold of a rebuild without downtime: two reporting-service instances in one consumer group serve and keep
 * the views live while one of them rebuilds them into a new generation (no scale-down), and a client reads the
 * figures from both all along. Events keep arriving during the replay and during the handover. No read ever sees a
 * figure go back or to zero; after the switch every figure equals what it was before plus what arrived since, and
 * the drill-down, as-of and known-at answers equal those before. A poison record on a source topic is dead-lettered
 * by the replay and reported in its status; the switch happens anyway. Real broker, MongoDB wire server, HTTP.
 */
class RebuildWhileServingIT {

    static final String GROUP = "reporting-rebuild-pair";
    static final int PARTITIONS = 6;
    static final List<Country> COUNTRIES = List.of(Country.GT, Country.HN, Country.SV);
    static final List<String> FIGURES = List.of("allocated", "obligated", "disbursed");

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static TestEvents events;

    @BeforeAll
    static void startBothInstances() {
        events = new TestEvents();
        first = start();
        second = start();
    }

    @AfterAll
    static void stopBoth() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {second, first}) {
            if (instance != null) {
                instance.close();
            }
        }
        events.close();
    }

    @Test
    void figuresNeverGoBackDuringTheRebuildAndAfterTheSwitchEqualThoseBefore() throws Exception {
        String year = Integer.toString(events.fiscalYear);
        List<GrantRef> hnGrants = new ArrayList<>();
        for (Country country : COUNTRIES) {
            events.allocate(country, Pillar.PRODUCTIVE_SECTOR, "5000.00", events.date(1, 1));
            for (int partition = 0; partition < PARTITIONS; partition++) {
                GrantRef grant = grantOnPartition(country, partition);
                events.award(grant, (100 + partition) + ".00", events.date(1, 2));
                DisbursementRecorded paid = events.disbursement(grant, (10 + partition) + ".01", events.date(2, 1));
                events.publish(paid);
                if (partition == 0) {
                    events.reverse(paid, events.date(2, 3));
                }
                events.disburse(grant, "3.30", events.date(2, 4));
                if (country == Country.HN) {
                    hnGrants.add(grant);
                }
            }
        }
        events.publisher().send(Topics.GRANTS, "poison-" + year, "{\"this is\": \"not an event\"}");
        WebTestClient firstHttp = client(first);
        Api onFirst = new Api(firstHttp);
        Api onSecond = new Api(client(second));
        // both instances serve the same, complete views
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (Api api : List.of(onFirst, onSecond)) {
                assertThat(money(entry(api.get("/api/v1/countries/HN"), "byFiscalYear", year), "disbursed"))
                        .isEqualTo("84.85"); // Σ(10+p).01 + 6 × 3.30 − 10.01
            }
        });
        KafkaAdminSupport.awaitCaughtUp(GROUP);
        String knownAt = Instant.now().toString();
        String asOf = events.date(2, 2).toString();
        Map<String, JsonNode> before = answers(onFirst, year, knownAt, asOf);
        assertThat(answers(onSecond, year, knownAt, asOf)).isEqualTo(before);
        Map<String, BigDecimal> figuresBefore = figures(before.get("/api/v1/countries"), year);

        Reader reader = new Reader(List.of(url(first), url(second)), year);
        ExecutorService readers = Executors.newSingleThreadExecutor();
        Future<?> reading = readers.submit(reader);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        BigDecimal hnAfter;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.reads.get() >= 5);
            // a steady trickle of live events all through the rebuild: the freeze, the switch and the handover
            // happen while records keep arriving on every partition
            AtomicInteger trickled = new AtomicInteger();
            trickle.scheduleAtFixedRate(() -> {
                events.disburse(hnGrants.get(trickled.get() % hnGrants.size()), "0.01", events.date(6, 3));
                trickled.incrementAndGet(); // sent and acknowledged (a failed send throws and ends the trickle)
            }, 0, 50, TimeUnit.MILLISECONDS);
            JsonNode started = Rebuilds.start(firstHttp, onFirst);
            assertThat(started.get("state").asString()).isEqualTo("RUNNING");
            int readsAtStart = reader.reads.get();
            // live traffic while the replay runs ...
            for (GrantRef grant : hnGrants) {
                events.disburse(grant, "1.00", events.date(6, 1));
            }
            JsonNode switched = Rebuilds.awaitSwitched(onSecond); // the status is the same on every instance
            int readsAtSwitch = reader.reads.get();
            // ... and during the handover
            for (GrantRef grant : hnGrants) {
                events.disburse(grant, "2.00", events.date(6, 2));
            }
            JsonNode done = Rebuilds.awaitDone(onFirst);
            trickle.shutdown();
            assertThat(trickle.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
            BigDecimal trickledAmount = new BigDecimal("0.01").multiply(BigDecimal.valueOf(trickled.get()));
            assertThat(trickled.get()).as("events trickled during the rebuild").isGreaterThan(20);
            assertThat(switched.get("deadLetters").asLong()).as("poison met by the replay").isPositive();
            assertThat(switched.get("applied").asLong()).isEqualTo(switched.get("total").asLong());

            hnAfter = new BigDecimal("84.85").add(new BigDecimal("18.00")).add(trickledAmount);
            String hnExpected = hnAfter.toPlainString();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (Api api : List.of(onFirst, onSecond)) {
                    assertThat(money(entry(api.get("/api/v1/countries/HN"), "byFiscalYear", year), "disbursed"))
                            .isEqualTo(hnExpected);
                }
            });
            KafkaAdminSupport.awaitCaughtUp(GROUP);
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.reads.get() >= readsAtSwitch + 5);
            reader.stop.set(true);
            reading.get(30, TimeUnit.SECONDS);

            assertThat(reader.problems).as("reads during the rebuild").isEmpty();
            assertThat(readsAtSwitch - readsAtStart).as("reads while replaying").isPositive();
            System.out.printf("MEASURE rebuild with two instances serving: %d reads (%d before the switch), none "
                            + "went back; %d live events during it; %d records replayed at %d events/s, "
                            + "%d dead-lettered; switched %s%n",
                    reader.reads.get(), readsAtSwitch - readsAtStart, trickled.get() + 12,
                    done.get("replayed").asLong(),
                    switched.get("eventsPerSecond").asLong(), switched.get("deadLetters").asLong(),
                    switched.get("switchedAt").asString());
        } finally {
            reader.stop.set(true);
            readers.shutdownNow();
            trickle.shutdownNow();
        }

        // after the switch: the figures are those before plus what arrived since
        for (Api api : List.of(onFirst, onSecond)) {
            Map<String, JsonNode> after = answers(api, year, knownAt, asOf);
            Map<String, BigDecimal> figuresAfter = figures(after.get("/api/v1/countries"), year);
            figuresBefore.forEach((figure, value) -> {
                BigDecimal expected = figure.equals("HN disbursed") ? hnAfter : value;
                assertThat(figuresAfter.get(figure)).as(figure).isEqualByComparingTo(expected);
            });
            // the answers the later events do not touch are the same as before
            for (String unchanged : List.of("/api/v1/countries/GT", "/api/v1/countries/SV",
                    "/api/v1/countries/GT/transactions?size=1000&fiscalYear=" + year,
                    "/api/v1/countries/GT?asOf=" + asOf, "/api/v1/pipeline?asOf=" + asOf,
                    "/api/v1/countries/GT?knownAt=" + knownAt, "/api/v1/pipeline?knownAt=" + knownAt)) {
                assertThat(after.get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
            }
        }
    }

    /** The answers compared before and after. */
    private static Map<String, JsonNode> answers(Api api, String year, String knownAt, String asOf) {
        Map<String, JsonNode> answers = new java.util.LinkedHashMap<>();
        for (String uri : List.of("/api/v1/countries", "/api/v1/countries/GT", "/api/v1/countries/SV",
                "/api/v1/countries/GT/transactions?size=1000&fiscalYear=" + year,
                "/api/v1/countries/GT?asOf=" + asOf, "/api/v1/pipeline?asOf=" + asOf,
                "/api/v1/countries/GT?knownAt=" + knownAt, "/api/v1/pipeline?knownAt=" + knownAt)) {
            answers.put(uri, api.get(uri));
        }
        return answers;
    }

    /** "GT disbursed" → 123.45, for the test's fiscal year. */
    static Map<String, BigDecimal> figures(JsonNode countries, String year) {
        Map<String, BigDecimal> figures = new java.util.LinkedHashMap<>();
        for (JsonNode view : countries) {
            String country = view.get("country").asString();
            if (COUNTRIES.stream().noneMatch(c -> c.name().equals(country))) {
                continue;
            }
            JsonNode fy = entry(view, "byFiscalYear", year);
            for (String figure : FIGURES) {
                String value = fy == null ? null : money(fy, figure);
                figures.put(country + " " + figure, value == null ? BigDecimal.ZERO : new BigDecimal(value));
            }
        }
        return figures;
    }

    /** Reads every country's figures from the instances in turn; notes any that went back or to zero. */
    static final class Reader implements Runnable {
        final List<String> instances;
        final String year;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger reads = new AtomicInteger();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final Map<String, BigDecimal> highest = new ConcurrentHashMap<>();
        final HttpClient client = HttpClient.newHttpClient();

        Reader(List<String> instances, String year) {
            this.instances = instances;
            this.year = year;
        }

        @Override
        public void run() {
            int i = 0;
            while (!stop.get()) {
                String instance = instances.get(i++ % instances.size());
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                    URI.create(instance + "/api/v1/countries")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    if (response.statusCode() != 200) {
                        problems.add(instance + " answered " + response.statusCode());
                        continue;
                    }
                    Map<String, BigDecimal> figures = figures(Api.parse(response.body()), year);
                    if (figures.size() != COUNTRIES.size() * FIGURES.size()) {
                        problems.add(instance + " read " + figures.size() + " figures: " + figures);
                    }
                    figures.forEach((figure, value) -> {
                        BigDecimal high = highest.getOrDefault(figure, BigDecimal.ZERO);
                        if (value.signum() == 0) {
                            problems.add(instance + " read " + figure + " = 0");
                        } else if (value.compareTo(high) < 0) {
                            problems.add(instance + " read " + figure + " = " + value + " after " + high);
                        } else {
                            highest.put(figure, value);
                        }
                    });
                    reads.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    problems.add(instance + ": " + e);
                }
            }
        }
    }

    private static WebTestClient client(ConfigurableApplicationContext instance) {
        return WebTestClient.bindToServer().baseUrl(url(instance))
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-admin")).build();
    }

    /** A grant id that Kafka's default partitioner puts on this partition of the 6. */
    private static GrantRef grantOnPartition(Country country, int partition) {
        while (true) {
            GrantRef grant = events.grant(country, Pillar.PRODUCTIVE_SECTOR, "USAID");
            byte[] key = grant.grantId().getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS == partition) {
                return grant;
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.mongodb.database=reporting-rebuild-pair", "--alliance.reporting.consumer-group=" + GROUP,
                "--alliance.reporting.stream.heartbeat=1s", "--alliance.reporting.views.publish-sweep-interval=1s",
                "--alliance.reporting.rebuild.grace-period=3s"));
        SharedTestInfrastructure.get().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        TestIssuer.get().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        return ReportingServiceApplication.application().run(args.toArray(String[]::new));
    }

    private static String url(ConfigurableApplicationContext instance) {
        return "http://localhost:" + instance.getEnvironment().getRequiredProperty("local.server.port");
    }
}
