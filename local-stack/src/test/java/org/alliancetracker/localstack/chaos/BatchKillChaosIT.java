package org.alliancetracker.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.localstack.DemoClients;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch job of 200,000 lines ({@code -Dchaos.batch-lines=N}) posted with the JDK's {@code HttpClient} to
 * disbursement-service running as its own process, which is killed with SIGKILL while it processes the batch
 * ({@code -Dchaos.batch-kills}, once by default, at 30% of the lines) and started again. After the batch completes,
 * each line was applied exactly once: every line has exactly one result, in order; the accepted lines are exactly
 * the ledger (per grant, to the cent); there is exactly one {@code DisbursementRecorded} CloudEvent id on Kafka per
 * accepted line, for its amount, and none for anything else.
 *
 * <p>{@code ./mvnw -Pchaos -pl local-stack -am verify -Dit.test=BatchKillChaosIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}; prints {@code BATCH KILL RESULT}.
 */
class BatchKillChaosIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AGENCY = "USAID";
    private static final List<String> GRANTS = List.of("KILL-GT-1", "KILL-GT-2", "KILL-GT-3", "KILL-GT-SMALL");

    private final Path dataDir = Path.of("target", "batch-kill-run").toAbsolutePath();
    private static final String CLIENT = DemoClients.agencyClient(AGENCY);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Tokens tokens;

    @Test
    void aBatchKilledWhileProcessingAppliesEachLineExactlyOnce() throws Exception {
        int lines = Integer.getInteger("chaos.batch-lines", 200_000);
        int kills = Integer.getInteger("chaos.batch-kills", 1);
        deleteRecursively(dataDir);
        try (ChaosStack stack = new ChaosStack(dataDir)) {
            stack.startOnly(List.of("grants", "disbursement"));
            tokens = new Tokens(stack.issuerUrl());
            budget(stack, tokens);
            String agency = tokens.bearer(CLIENT);

            // the upload: amounts of 1.00 to 999.99, one grant in four small enough to run out, a few bad lines
            StringBuilder upload = new StringBuilder(lines * 170);
            Map<Integer, String> grantOfLine = new HashMap<>();
            Map<Integer, Long> centsOfLine = new HashMap<>();
            for (int i = 1; i <= lines; i++) {
                if (i % 10_000 == 0) {
                    upload.append("{\"idempotencyKey\":\"KILL-").append(i).append("\",\"grantId\":\"KILL-GT-1\"}\n");
                    continue;
                }
                String grant = GRANTS.get(i % GRANTS.size());
                long cents = 100 + (i * 7919L) % 99_900;
                grantOfLine.put(i, grant);
                centsOfLine.put(i, cents);
                upload.append("{\"idempotencyKey\":\"KILL-").append(i).append("\",\"grantId\":\"").append(grant)
                        .append("\",\"amount\":").append(new BigDecimal(cents).movePointLeft(2).toPlainString())
                        .append(",\"currency\":\"USD\",\"valueDate\":\"2019-06-30\",\"reference\":\"K-").append(i)
                        .append("\"}\n");
            }
            try (TopicRecorder topic = TopicRecorder.start(stack.kafkaBootstrapServers(), Topics.DISBURSEMENTS)) {
                long posted = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(stack.url("disbursement") + "/api/v1/disbursement-batches"))
                        .header("Authorization", agency).header("Content-Type", "application/x-ndjson")
                        .header("Idempotency-Key", "KILL-BATCH").timeout(Duration.ofMinutes(10))
                        .POST(HttpRequest.BodyPublishers.ofString(upload.toString(), StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                String location = stack.url("disbursement") + response.headers().firstValue("Location").orElseThrow();
                long answered = System.nanoTime();

                for (int kill = 1; kill <= kills; kill++) {
                    long threshold = (long) lines * (kill * 3L) / 10;
                    await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                            .until(() -> status(location, agency).get("processed").asLong() >= threshold);
                    JsonNode before = status(location, agency);
                    stack.kill("disbursement");
                    System.out.printf("BATCH KILL: disbursement-service killed at %d of %d lines processed%n",
                            before.get("processed").asLong(), lines);
                    stack.restart("disbursement");
                }
                await().atMost(Duration.ofMinutes(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> "COMPLETED".equals(status(location, agency).get("state").asString()));
                long completed = System.nanoTime();
                JsonNode done = status(location, agency);

                // every line exactly one result, in input order
                List<JsonNode> results;
                try (Stream<String> body = http.send(HttpRequest.newBuilder(URI.create(location + "/results"))
                        .header("Authorization", tokens.bearer(CLIENT)).build(), HttpResponse.BodyHandlers.ofLines()).body()) {
                    results = body.map(JSON::readTree).toList();
                }
                assertThat(results).hasSize(lines);
                for (int i = 0; i < lines; i++) {
                    assertThat(results.get(i).get("line").asInt()).isEqualTo(i + 1);
                }
                Map<String, Long> acceptedCents = new HashMap<>();
                Map<String, Long> centsById = new HashMap<>();
                long accepted = 0;
                for (JsonNode result : results) {
                    int line = result.get("line").asInt();
                    int status = result.get("status").asInt();
                    if (status == 201) {
                        accepted++;
                        acceptedCents.merge(grantOfLine.get(line), centsOfLine.get(line), Long::sum);
                        assertThat(centsById.put(result.get("id").asString(), centsOfLine.get(line))).isNull();
                    } else {
                        assertThat(result.at("/problem/type").asString()).as("line " + line)
                                .isIn("/problems/insufficient-obligation", "/problems/invalid-request");
                    }
                }
                assertThat(done.get("accepted").asLong()).isEqualTo(accepted);
                assertThat(done.get("processed").asLong()).isEqualTo(lines);

                // the ledger is exactly the accepted lines, per grant, to the cent
                for (String grant : GRANTS) {
                    JsonNode balance = get(stack.url("disbursement") + "/api/v1/grants/" + grant + "/balance", agency);
                    assertThat(balance.get("disbursed").decimalValue())
                            .as(grant).isEqualByComparingTo(new BigDecimal(acceptedCents.getOrDefault(grant, 0L))
                                    .movePointLeft(2));
                }

                // one DisbursementRecorded CloudEvent id per accepted line, for its amount, nothing else
                long expected = accepted;
                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(5))
                        .until(() -> topic.records().size() >= expected);
                Map<String, Set<String>> eventIdsByDisbursement = new HashMap<>();
                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(10)).until(() -> {
                    eventIdsByDisbursement.clear();
                    for (CloudEvent<AllianceEvent> event : topic.events(e -> e.data() instanceof DisbursementRecorded)) {
                        DisbursementRecorded recorded = (DisbursementRecorded) event.data();
                        eventIdsByDisbursement.computeIfAbsent(recorded.disbursementId(), id -> new HashSet<>())
                                .add(event.id());
                        assertThat(recorded.amount().movePointRight(2).longValueExact())
                                .isEqualTo(centsById.get(recorded.disbursementId()));
                    }
                    return eventIdsByDisbursement.size() >= expected;
                });
                long onKafka = System.nanoTime();
                assertThat(eventIdsByDisbursement.keySet()).isEqualTo(centsById.keySet());
                assertThat(eventIdsByDisbursement.values().stream().filter(ids -> ids.size() != 1).count()).isZero();
                long records = topic.records().size();

                System.out.println("BATCH KILL RESULT\n"
                        + "  lines                              " + lines + "\n"
                        + "  accepted / refused                 " + accepted + " / " + (lines - accepted) + " "
                        + done.get("refused") + "\n"
                        + "  kills (SIGKILL) during processing  " + kills + "\n"
                        + "  seconds: POST until 202            " + Duration.ofNanos(answered - posted).toSeconds() + "\n"
                        + "  seconds: POST until COMPLETED      " + Duration.ofNanos(completed - posted).toSeconds() + "\n"
                        + "  seconds: POST until all on Kafka   " + Duration.ofNanos(onKafka - posted).toSeconds() + "\n"
                        + "  Kafka records (with redeliveries)  " + records + "\n"
                        + "  distinct event ids per disbursement 1 for all " + eventIdsByDisbursement.size() + "\n"
                        + "  ledger = accepted lines, per grant  yes " + acceptedCents.entrySet().stream()
                        .map(e -> e.getKey() + "=" + new BigDecimal(e.getValue()).movePointLeft(2))
                        .collect(Collectors.joining(", ")));
            }
        }
    }

    private JsonNode status(String location, String agency) throws Exception {
        return get(location, agency);
    }

    /** GET as the agency (a token that expired during the run is fetched again). */
    private JsonNode get(String url, String ignored) throws Exception {
        String authorization = tokens.bearer(CLIENT);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            tokens.refused(CLIENT, authorization);
        }
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** FY2019 Guatemala: three grants no batch exhausts and one of 100,000.00 that runs out. */
    private void budget(ChaosStack stack, Tokens tokens) throws Exception {
        String url = stack.url("grants");
        String officer = tokens.bearer(DemoClients.PROGRAM_OFFICER);
        send(officer, "PUT", url + "/api/v1/appropriations/2019",
                "{\"stage\":\"ENACTED\",\"amount\":9000000000.00,\"source\":\"Batch kill test appropriation\"}");
        JsonNode allocation = send(officer, "POST", url + "/api/v1/allocations", "{\"fiscalYear\":2019,"
                + "\"country\":\"GT\",\"pillar\":\"SECURITY_AND_JUSTICE\",\"amount\":5000000000.00,"
                + "\"allocatedOn\":\"2019-01-01\"}");
        for (String id : GRANTS) {
            String amount = id.endsWith("-SMALL") ? "100000.00" : "900000000.00";
            send(officer, "POST", url + "/api/v1/grants", "{\"id\":\"" + id + "\",\"allocationId\":\""
                    + allocation.get("id").asString() + "\",\"agency\":\"" + AGENCY + "\",\"title\":\"Kill test "
                    + "grant\",\"obligatedAmount\":" + amount + ",\"startDate\":\"2019-01-01\","
                    + "\"endDate\":\"2020-12-31\"}");
        }
        String agency = tokens.bearer(DemoClients.agencyClient(AGENCY));
        for (String id : GRANTS) {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                            URI.create(stack.url("disbursement") + "/api/v1/grants/" + id + "/balance"))
                    .header("Authorization", agency).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode() == 200);
        }
    }

    private JsonNode send(String authorization, String method, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, url, response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var paths = java.nio.file.Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(path);
                }
            }
        }
    }
}
