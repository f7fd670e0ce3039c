package org.alliancetracker.localstack.chaos;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.MalformedEventException;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;

import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import reactor.core.publisher.Flux;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the system with the agencies' books after a chaos run, disbursement by disbursement, not only in sums:
 * disbursement-service's ledger and records, grants-service's disbursed totals, reporting-service's country views and
 * drill-down, and the events on {@code alliance.disbursements}. Every mismatch is written down as a difference;
 * figures are collected for the report.
 */
final class Reconciliation {

    /** A grant of the run: where its money counts and who may disburse it. */
    record Grant(String id, String country, String agency, String client) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Duration CONVERGENCE = Duration.ofMinutes(10);

    private final ChaosStack stack;
    private final Tokens tokens;
    private final Map<String, Grant> grants;
    private final Books books;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<String> differences = new ArrayList<>();
    final Map<String, Object> figures = new java.util.LinkedHashMap<>();

    // what the books say
    private final Map<String, Books.Answer> acceptedById = new HashMap<>();
    private final Map<String, Set<String>> acceptedByGrant = new TreeMap<>();
    private final Map<String, Set<String>> reversedByGrant = new TreeMap<>();
    private final Map<String, Long> expectedByGrant = new TreeMap<>();
    private final Map<String, Long> expectedByCountry = new TreeMap<>();

    Reconciliation(ChaosStack stack, Tokens tokens, Map<String, Grant> grants, Books books) {
        this.stack = stack;
        this.tokens = tokens;
        this.grants = grants;
        this.books = books;
    }

    long expectedTotal() {
        return expectedByGrant.values().stream().mapToLong(Long::longValue).sum();
    }

    void run() {
        books();
        timed("ledger", this::ledger);
        timed("grants-service", this::grantsService);
        timed("reporting views", this::reportingViews);
        timed("drill-down", this::drillDown);
        timed("disbursement records", this::records);
        timed("events on the wire", this::events);
    }

    private void timed(String step, Runnable check) {
        long start = System.nanoTime();
        check.run();
        figures.put("seconds: " + step, Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    /** The expected state from the agencies' books: accepted minus reversed, by grant and by country. */
    private void books() {
        grants.keySet().forEach(g -> {
            acceptedByGrant.put(g, new HashSet<>());
            reversedByGrant.put(g, new HashSet<>());
            expectedByGrant.put(g, 0L);
        });
        grants.values().forEach(g -> expectedByCountry.put(g.country(), 0L));
        for (Books.Answer answer : books.accepted()) {
            if (acceptedById.put(answer.disbursementId(), answer) != null) {
                difference("two accepted requests were told the same disbursement id " + answer.disbursementId());
            }
            acceptedByGrant.get(answer.grantId()).add(answer.disbursementId());
            expectedByGrant.merge(answer.grantId(), answer.cents(), Long::sum);
        }
        for (Books.Reversal reversal : books.reversals.values()) {
            if (!acceptedById.containsKey(reversal.disbursementId())) {
                difference("reversed " + reversal.disbursementId() + " was never accepted");
                continue;
            }
            reversedByGrant.get(reversal.grantId()).add(reversal.disbursementId());
            expectedByGrant.merge(reversal.grantId(), -reversal.cents(), Long::sum);
        }
        expectedByGrant.forEach((grant, cents) -> expectedByCountry.merge(grants.get(grant).country(), cents, Long::sum));
        books.anomalies.forEach(a -> difference("anomaly: " + a));
    }

    /** disbursement-service's grant ledger: disbursed per grant (it converges once the sweeper settled crashes). */
    private void ledger() {
        Map<String, Long> ledger = new TreeMap<>();
        converge("disbursement-service ledger", () -> {
            for (Grant grant : grants.values()) {
                ledger.put(grant.id(), cents(getAs(stack.url("disbursement") + "/api/v1/grants/" + grant.id()
                        + "/balance", grant.client()).get("disbursed")));
            }
            return ledger.equals(expectedByGrant);
        });
        compare("disbursement-service ledger", expectedByGrant, ledger);
        figures.put("disbursement-service ledger total", usd(sum(ledger)));
    }

    /** grants-service follows alliance.disbursements into each grant's disbursed amount. */
    private void grantsService() {
        Map<String, Long> disbursed = new TreeMap<>();
        converge("grants-service disbursed", () -> {
            for (Grant grant : grants.values()) {
                disbursed.put(grant.id(), cents(get(stack.url("grants") + "/api/v1/grants/" + grant.id(), null)
                        .get("disbursedAmount")));
            }
            return disbursed.equals(expectedByGrant);
        });
        compare("grants-service disbursed", expectedByGrant, disbursed);
        figures.put("grants-service disbursed total", usd(sum(disbursed)));
    }

    /** reporting-service's country views. */
    private void reportingViews() {
        Map<String, Long> reported = new TreeMap<>();
        converge("reporting country views", () -> {
            for (String country : expectedByCountry.keySet()) {
                reported.put(country, cents(get(stack.url("reporting") + "/api/v1/countries/" + country, null)
                        .get("disbursed")));
            }
            return reported.equals(expectedByCountry);
        });
        compare("reporting country view", expectedByCountry, reported);
        figures.put("reporting-service total", usd(sum(reported)));
    }

    /** reporting-service's drill-down, grant by grant and page by page: every disbursement and reversal once. */
    private void drillDown() {
        long rows = 0;
        long disbursementRows = 0;
        long reversalRows = 0;
        for (Grant grant : grants.values()) {
            Map<String, Integer> disbursements = new HashMap<>();
            Map<String, Integer> reversals = new HashMap<>();
            long sum = 0;
            JsonNode totals = null;
            for (int page = 0; ; page++) {
                JsonNode result = get(stack.url("reporting") + "/api/v1/countries/" + grant.country()
                        + "/transactions?figure=disbursed&grantId=" + grant.id() + "&size=1000&page=" + page, null);
                totals = result.get("totals");
                for (JsonNode row : result.get("content")) {
                    rows++;
                    String kind = row.get("kind").asString();
                    String id = row.get("disbursementId").asString();
                    sum += cents(row.get("amount"));
                    if (kind.equals("DISBURSEMENT")) {
                        disbursements.merge(id, 1, Integer::sum);
                    } else if (kind.equals("REVERSAL")) {
                        reversals.merge(id, 1, Integer::sum);
                    } else {
                        difference("drill-down of " + grant.id() + ": unexpected row kind " + kind);
                    }
                }
                if (page + 1 >= result.get("totalPages").asLong()) {
                    break;
                }
            }
            disbursementRows += disbursements.values().stream().mapToInt(Integer::intValue).sum();
            reversalRows += reversals.values().stream().mapToInt(Integer::intValue).sum();
            exactlyOnce("drill-down disbursements of " + grant.id(), acceptedByGrant.get(grant.id()), disbursements);
            exactlyOnce("drill-down reversals of " + grant.id(), reversedByGrant.get(grant.id()), reversals);
            long expected = expectedByGrant.get(grant.id());
            if (sum != expected || totals == null || cents(totals.get("disbursed")) != expected) {
                difference("drill-down of " + grant.id() + ": rows sum to " + usd(sum) + ", totals say "
                        + (totals == null ? null : totals.get("disbursed")) + ", expected " + usd(expected));
            }
        }
        figures.put("drill-down rows (disbursements + reversals)", rows + " (" + disbursementRows + " + "
                + reversalRows + ")");
    }

    /** disbursement-service's own records: every accepted request is one record, every reversal reversed it. */
    private void records() {
        try (MongoClient client = MongoClients.create(stack.mongoUri())) {
            var collection = client.getDatabase("disbursements").getCollection("disbursements");
            List<Document> all = new ArrayList<>();
            converge("disbursement records settled", () -> {
                all.clear();
                all.addAll(Flux.from(collection.find().projection(
                        Projections.include("_id", "state", "grantId", "amountCents"))).collectList()
                        .block(Duration.ofMinutes(2)));
                return all.stream().noneMatch(d -> "REVERSING".equals(d.getString("state")));
            });
            Map<String, List<Document>> byState = all.stream().collect(Collectors.groupingBy(d -> d.getString("state")));
            Map<String, Integer> counted = new HashMap<>();
            Map<String, Integer> reversed = new HashMap<>();
            for (Document doc : all) {
                String state = doc.getString("state");
                if (state.equals("ACCEPTED") || state.equals("REVERSED") || state.equals("REVERSING")) {
                    counted.merge(doc.getString("_id"), 1, Integer::sum);
                    Books.Answer answer = acceptedById.get(doc.getString("_id"));
                    if (answer != null && (answer.cents() != doc.getLong("amountCents")
                            || !answer.grantId().equals(doc.getString("grantId")))) {
                        difference("record " + doc.getString("_id") + " is not what " + answer.key() + " asked for");
                    }
                }
                if (!state.equals("ACCEPTED") && !state.equals("PENDING")) {
                    reversed.merge(doc.getString("_id"), 1, Integer::sum);
                }
            }
            exactlyOnce("disbursement records", acceptedById.keySet(), counted);
            exactlyOnce("reversed disbursement records", reversedByGrant.values().stream()
                    .flatMap(Collection::stream).collect(Collectors.toSet()), reversed);
            figures.put("disbursement records by state", byState.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().size()).sorted().collect(Collectors.joining(", ")));
        }
        // and a sample through the API, as an agency reads them
        List<Books.Answer> sample = new ArrayList<>(acceptedById.values());
        java.util.Collections.shuffle(sample, new Random(7));
        for (Books.Answer answer : sample.subList(0, Math.min(200, sample.size()))) {
            JsonNode record = getAs(stack.url("disbursement") + "/api/v1/disbursements/" + answer.disbursementId(),
                    grants.get(answer.grantId()).client());
            String expectedState = books.reversals.containsKey(answer.disbursementId()) ? "REVERSED" : "ACCEPTED";
            if (!expectedState.equals(record.get("state").asString())
                    || cents(record.get("amount")) != answer.cents()) {
                difference("GET disbursement " + answer.disbursementId() + ": " + record);
            }
        }
    }

    /** alliance.disbursements from its beginning: one CloudEvent per disbursement and per reversal (copies allowed). */
    private void events() {
        EventCodec codec = new EventCodec();
        Map<String, Set<String>> recorded = new HashMap<>();
        Map<String, Set<String>> reversed = new HashMap<>();
        long records = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", stack.kafkaBootstrapServers(), "enable.auto.commit", "false",
                "max.poll.records", "5000"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DISBURSEMENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    records++;
                    try {
                        CloudEvent<AllianceEvent> event = codec.decode(record.value());
                        switch (event.data()) {
                            case DisbursementRecorded r -> recorded.computeIfAbsent(r.disbursementId(),
                                    k -> new HashSet<>()).add(event.id());
                            case DisbursementReversed r -> reversed.computeIfAbsent(r.disbursementId(),
                                    k -> new HashSet<>()).add(event.id());
                            default -> difference("unexpected event on " + Topics.DISBURSEMENTS + ": " + event.type());
                        }
                    } catch (MalformedEventException e) {
                        difference("a record on " + Topics.DISBURSEMENTS + " is not an event: " + e.getMessage());
                    }
                }
            }
        }
        exactlyOnce("DisbursementRecorded events", acceptedById.keySet(), eventCounts(recorded));
        exactlyOnce("DisbursementReversed events", reversedByGrant.values().stream().flatMap(Collection::stream)
                .collect(Collectors.toSet()), eventCounts(reversed));
        long distinct = recorded.values().stream().mapToLong(Set::size).sum()
                + reversed.values().stream().mapToLong(Set::size).sum();
        figures.put("records on " + Topics.DISBURSEMENTS, records + " (" + distinct + " distinct CloudEvents, "
                + (records - distinct) + " re-published copies)");
    }

    /** Per disbursement id, how many distinct CloudEvents (by id) were published for it: must be exactly 1. */
    private static Map<String, Integer> eventCounts(Map<String, Set<String>> eventIds) {
        Map<String, Integer> counts = new HashMap<>();
        eventIds.forEach((id, events) -> counts.put(id, events.size()));
        return counts;
    }

    /** {@code counted} must hold every expected id exactly once and nothing else. */
    private void exactlyOnce(String what, Set<String> expected, Map<String, Integer> counted) {
        long missing = expected.stream().filter(id -> !counted.containsKey(id)).count();
        long extra = counted.keySet().stream().filter(id -> !expected.contains(id)).count();
        long twice = counted.values().stream().filter(n -> n != 1).count();
        if (missing + extra + twice > 0) {
            difference(what + ": " + missing + " missing (e.g. " + expected.stream()
                    .filter(id -> !counted.containsKey(id)).limit(3).toList() + "), " + extra + " not accepted (e.g. "
                    + counted.keySet().stream().filter(id -> !expected.contains(id)).limit(3).toList() + "), "
                    + twice + " counted more than once");
        }
    }

    private void compare(String what, Map<String, Long> expected, Map<String, Long> actual) {
        expected.forEach((key, cents) -> {
            if (!cents.equals(actual.get(key))) {
                difference(what + " " + key + ": " + (actual.get(key) == null ? null : usd(actual.get(key)))
                        + " instead of " + usd(cents));
            }
        });
    }

    private void converge(String what, Callable<Boolean> converged) {
        try {
            await().atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(converged);
        } catch (ConditionTimeoutException e) {
            System.out.println("CHAOS " + what + " did not converge within " + CONVERGENCE);
        }
    }

    private void difference(String what) {
        differences.add(what);
    }

    /**
     * A read as a demo client: the reconciliation can outlast a token's lifetime (15 minutes), so a 401 fetches a
     * fresh token once, as the agencies do.
     */
    private JsonNode getAs(String url, String clientId) {
        String authorization = tokens.bearer(clientId);
        try {
            return get(url, authorization);
        } catch (Unauthorized expired) {
            tokens.refused(clientId, authorization);
            return get(url, tokens.bearer(clientId));
        }
    }

    /** A 401 answer. */
    private static final class Unauthorized extends IllegalStateException {
        Unauthorized(String message) {
            super(message);
        }
    }

    private JsonNode get(String url, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 && authorization != null) {
                throw new Unauthorized(url + " answered 401 " + response.body());
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long cents(JsonNode amount) {
        return amount.decimalValue().movePointRight(2).longValueExact();
    }

    static BigDecimal usd(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static long sum(Map<String, Long> values) {
        return values.values().stream().mapToLong(Long::longValue).sum();
    }
}
