package org.alliancetracker.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.alliancetracker.localstack.DemoClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system as separate processes under load from concurrent simulated agencies, while each service in turn is
 * killed with SIGKILL and restarted and the Kafka broker is restarted. Afterwards every disbursement the agencies were
 * told was accepted must be counted exactly once, by disbursement-service's ledger and by reporting-service's views,
 * to the cent; nothing refused may be counted. Runs with {@code ./mvnw -Pchaos -pl local-stack -am verify}
 * ({@code -Dchaos.disbursements=N}, default 100,000).
 */
class CrashAndRestartChaosIT {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final List<String> COUNTRIES = List.of("SV", "GT", "HN");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyAcceptedDisbursementIsCountedExactlyOnceWhateverCrashes() throws Exception {
        int target = Integer.getInteger("chaos.disbursements", 100_000);
        int agencyCount = Integer.getInteger("chaos.agencies", 16);
        try (ChaosStack stack = new ChaosStack(dataDir)) {
            long started = System.nanoTime();
            stack.start();
            DemoClients clients = new DemoClients(stack.issuerUrl());
            Map<String, String> grantCountries = budget(stack, clients);
            List<String> grants = new ArrayList<>(grantCountries.keySet());
            // each grant is disbursed by its own agency's client (CHAOS-<country>-<agency>)
            java.util.function.Function<String, String> agencyToken = grant ->
                    clients.bearer(DemoClients.agencyClient(grant.substring(grant.indexOf('-', 6) + 1)));

            Map<String, Agency.Outcome> outcomes = Agency.newLedger();
            AtomicLong retries = new AtomicLong();
            ExecutorService agencies = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < agencyCount; i++) {
                agencies.submit(new Agency("agency" + i, stack.url("disbursement"), grants, agencyToken,
                        () -> outcomes.size() < target, outcomes, retries, 42L + i));
            }

            // chaos, paced by progress: after every twelfth of the work, the next victim goes down and comes back
            List<String> victims = List.of("disbursement", "reporting", "kafka", "grants");
            int kills = 0;
            int brokerRestarts = 0;
            for (int round = 1; round <= 11; round++) {
                int threshold = target * round / 12;
                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> outcomes.size() >= threshold);
                String victim = victims.get((round - 1) % victims.size());
                stack.kill(victim);
                stack.restart(victim);
                if (victim.equals("kafka")) {
                    brokerRestarts++;
                } else {
                    kills++;
                }
            }
            agencies.shutdown();
            assertThat(agencies.awaitTermination(20, TimeUnit.MINUTES)).isTrue();

            List<Agency.Outcome> all = new ArrayList<>(outcomes.values());
            List<Agency.Outcome> accepted = all.stream().filter(o -> o.status() == 201).toList();
            long rejected = all.stream().filter(o -> o.status() >= 400).count();
            long unknown = all.stream().filter(o -> o.status() < 0).count();
            Map<String, Long> expectedByGrant = accepted.stream().collect(Collectors.groupingBy(
                    Agency.Outcome::grantId, TreeMap::new, Collectors.summingLong(Agency.Outcome::cents)));
            Map<String, Long> expectedByCountry = new TreeMap<>();
            expectedByGrant.forEach((grant, cents) -> expectedByCountry.merge(grantCountries.get(grant), cents, Long::sum));
            long expectedTotal = expectedByGrant.values().stream().mapToLong(Long::longValue).sum();

            // disbursement-service's ledger, grant by grant
            Map<String, Long> ledger = new TreeMap<>();
            for (String grant : grants) {
                ledger.put(grant, cents(get(stack.url("disbursement") + "/api/v1/grants/" + grant + "/balance",
                        agencyToken.apply(grant)).get("disbursed")));
            }
            // reporting-service's views converge on it
            Map<String, Long> reported = new TreeMap<>();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                reported.clear();
                for (String country : COUNTRIES) {
                    reported.put(country, cents(get(stack.url("reporting") + "/api/v1/countries/" + country, null)
                            .get("disbursed")));
                }
                return reported.values().stream().mapToLong(Long::longValue).sum() == expectedTotal;
            });

            long differences = expectedByGrant.entrySet().stream()
                    .filter(e -> !e.getValue().equals(ledger.getOrDefault(e.getKey(), 0L))).count()
                    + expectedByCountry.entrySet().stream()
                    .filter(e -> !e.getValue().equals(reported.getOrDefault(e.getKey(), 0L))).count();
            System.out.printf("""
                    CHAOS RESULT
                      posted (distinct keys)   %d
                      accepted (201)           %d
                      rejected (4xx)           %d
                      without answer           %d
                      retries after no answer  %d
                      service kills (SIGKILL)  %d
                      broker restarts          %d
                      accepted total           %s USD
                      ledger total             %s USD
                      reporting total          %s USD
                      differences found        %d
                      wall time                %d s
                    %n""", all.size(), accepted.size(), rejected, unknown, retries.get(), kills, brokerRestarts,
                    BigDecimal.valueOf(expectedTotal, 2), BigDecimal.valueOf(sum(ledger), 2),
                    BigDecimal.valueOf(sum(reported), 2), differences,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());

            assertThat(unknown).isZero();
            assertThat(ledger).isEqualTo(withZeros(expectedByGrant, grants));
            assertThat(reported).isEqualTo(expectedByCountry);
            assertThat(differences).isZero();
        }
    }

    /** FY2019 with one large grant per country and agency, so that no rule refuses the load's amounts. */
    private Map<String, String> budget(ChaosStack stack, DemoClients clients) throws Exception {
        String grants = stack.url("grants");
        String officer = clients.bearer(DemoClients.PROGRAM_OFFICER);
        send(officer, "PUT", grants + "/api/v1/appropriations/2019",
                "{\"stage\":\"ENACTED\",\"amount\":9000000000.00,\"source\":\"Chaos test appropriation\"}");
        Map<String, String> grantCountries = new TreeMap<>();
        for (String country : COUNTRIES) {
            JsonNode allocation = send(officer, "POST", grants + "/api/v1/allocations", "{\"fiscalYear\":2019,\"country\":\""
                    + country + "\",\"pillar\":\"SECURITY_AND_JUSTICE\",\"amount\":2000000000.00}");
            for (String agency : List.of("USAID", "STATE-INL")) {
                String id = "CHAOS-" + country + "-" + agency;
                send(officer, "POST", grants + "/api/v1/grants", "{\"id\":\"" + id + "\",\"allocationId\":\""
                        + allocation.get("id").asString() + "\",\"agency\":\"" + agency + "\",\"title\":\"Chaos grant\","
                        + "\"obligatedAmount\":900000000.00,\"startDate\":\"2019-01-01\",\"endDate\":\"2020-12-31\"}");
                grantCountries.put(id, country);
            }
        }
        for (String grant : grantCountries.keySet()) {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
                    .until(() -> get(stack.url("disbursement") + "/api/v1/grants/" + grant + "/balance",
                            clients.bearer(DemoClients.agencyClient(grant.substring(grant.indexOf('-', 6) + 1)))) != null);
        }
        return grantCountries;
    }

    private JsonNode send(String authorization, String method, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, url, response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private JsonNode get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static long cents(JsonNode amount) {
        return amount.decimalValue().movePointRight(2).longValueExact();
    }

    private static long sum(Map<String, Long> values) {
        return values.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> withZeros(Map<String, Long> expected, List<String> grants) {
        Map<String, Long> all = new TreeMap<>();
        grants.forEach(g -> all.put(g, expected.getOrDefault(g, 0L)));
        return all;
    }
}
