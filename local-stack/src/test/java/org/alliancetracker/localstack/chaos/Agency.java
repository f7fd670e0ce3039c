package org.alliancetracker.localstack.chaos;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated agency posting disbursements as a careful real one would. Every request has its own idempotency key;
 * a request without a definite answer (connection refused or broken, timeout, 5xx) is sent again with the same key
 * until it gets one (2xx or 4xx; a 401 only means the token expired: a fresh one is fetched and the request sent
 * again). In {@link Mode#BATCH} it uploads NDJSON batches and, when an upload breaks off or any of its lines has no
 * definite answer, sends the whole upload again — the keys make that exact. In {@link Mode#JOB} it posts each upload
 * as a batch job under a key of its own (sent again with the same key until it gets its 202: the same batch), waits
 * for the batch to complete and reads its results. Now and then it reverses one of its
 * accepted disbursements, and once in a while it tries to reverse one with another agency's token (403).
 *
 * <p>Most requests go to its own agency's large grants and are accepted; a few are meant to be refused and must
 * never be counted: to its small grant, which soon runs out (409 {@code insufficient-obligation}); to another
 * agency's grant (403 {@code not-your-grant}); with a value date after the grant's period (422).
 */
final class Agency implements Runnable {

    /** Single posts, synchronous NDJSON uploads, or NDJSON batch jobs (stored, processed, results read back). */
    enum Mode { SINGLE, BATCH, JOB }

    /** One disbursement request. */
    private record Request(String key, String grantId, long cents, LocalDate valueDate) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    private static final Duration WHOLE_ANSWER = Duration.ofMinutes(4);
    private static final double REVERSAL_RATE = 0.03;
    private static final double FOREIGN_REVERSAL_SHARE = 0.05;

    private final String name;
    private final String agency;
    private final String client;
    private final String foreignClient;
    private final Mode mode;
    private final int batchSize;
    private final String url;
    private final List<String> ownGrants;
    private final List<String> foreignGrants;
    private final String smallGrant;
    private final Tokens tokens;
    private final Books books;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** Accepted disbursements of this agency not yet reversed. */
    private final List<Books.Answer> reversible = new ArrayList<>();
    private long sequence;

    Agency(String name, String agency, String client, String foreignClient, Mode mode, int batchSize, String url,
           List<String> ownGrants, List<String> foreignGrants, String smallGrant, Tokens tokens, Books books,
           long seed) {
        this.name = name;
        this.agency = agency;
        this.client = client;
        this.foreignClient = foreignClient;
        this.mode = mode;
        this.batchSize = batchSize;
        this.url = url;
        this.ownGrants = List.copyOf(ownGrants);
        this.foreignGrants = List.copyOf(foreignGrants);
        this.smallGrant = smallGrant;
        this.tokens = tokens;
        this.books = books;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        try {
            while (books.claim(mode == Mode.SINGLE ? 1 : batchSize)) {
                if (mode == Mode.SINGLE) {
                    single(next());
                } else {
                    batch();
                }
            }
        } catch (RuntimeException | Error e) {
            books.anomaly(name + " stopped: " + e);
            throw e;
        }
    }

    private Request next() {
        String key = name + "-" + sequence++;
        String grant = ownGrants.get(random.nextInt(ownGrants.size()));
        LocalDate valueDate = LocalDate.of(2019, 1, 1).plusDays(random.nextInt(700));
        double draw = random.nextDouble();
        if (draw < 0.006) {
            grant = smallGrant;
        } else if (draw < 0.010) {
            grant = foreignGrants.get(random.nextInt(foreignGrants.size()));
        } else if (draw < 0.012) {
            valueDate = LocalDate.of(2021, 3, 1).plusDays(random.nextInt(100));
        }
        return new Request(key, grant, 100 + random.nextInt(99_900), valueDate);
    }

    private static String json(Request request, boolean withKey) {
        return "{" + (withKey ? "\"idempotencyKey\":\"" + request.key() + "\"," : "")
                + "\"grantId\":\"" + request.grantId() + "\",\"amount\":" + BigDecimal.valueOf(request.cents(), 2)
                + ",\"currency\":\"USD\",\"valueDate\":\"" + request.valueDate() + "\",\"reference\":\""
                + request.key() + "\"}";
    }

    private void single(Request request) {
        String body = json(request, false);
        Exchange exchange = exchange(client, auth -> HttpRequest.newBuilder(URI.create(url + "/api/v1/disbursements"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", request.key())
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (exchange.response() == null) {
            books.record(answer(request, false, -1, null, null));
            return;
        }
        JsonNode answer = JSON.readTree(exchange.response().body());
        int status = exchange.response().statusCode();
        Books.Answer recorded = answer(request, false, status, problemType(answer),
                status == 201 ? answer.path("id").asString() : null);
        books.record(recorded);
        if (recorded.accepted()) {
            reversible.add(recorded);
            maybeReverse();
        }
    }

    private void batch() {
        List<Request> requests = new ArrayList<>();
        StringBuilder upload = new StringBuilder();
        for (int i = 0; i < batchSize; i++) {
            Request request = next();
            requests.add(request);
            upload.append(json(request, true)).append('\n');
        }
        String body = upload.toString();
        long batchNumber = books.batchesSent.incrementAndGet();
        if (mode == Mode.JOB) {
            books.jobsSent.incrementAndGet();
            job(requests, body, name + "-job-" + batchNumber);
            return;
        }
        Map<Integer, Books.Answer> earlier = new HashMap<>();
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        for (int attempt = 1; System.nanoTime() - deadline < 0; attempt++) {
            if (attempt > 1) {
                books.batchResends.incrementAndGet();
            }
            String auth = tokens.bearer(client);
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(
                                URI.create(url + "/api/v1/disbursements/batch"))
                        .timeout(Duration.ofMinutes(3))
                        .header("Content-Type", "application/x-ndjson")
                        .header("Authorization", auth)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
                if (response.statusCode() == 401) {
                    tokens.refused(client, auth);
                    books.tokenRefreshes.incrementAndGet();
                } else if (response.statusCode() == 200) {
                    Map<Integer, Books.Answer> answers = lines(response.body(), requests);
                    answers.forEach((index, answer) -> consistent(earlier.get(index), answer));
                    earlier.putAll(answers);
                    if (answers.size() == requests.size() && answers.values().stream().allMatch(a -> a.status() < 500)) {
                        answers.values().forEach(books::record);
                        answers.values().stream().filter(Books.Answer::accepted).forEach(accepted -> {
                            reversible.add(accepted);
                            maybeReverse();
                        });
                        return;
                    }
                } else if (response.statusCode() < 500) {
                    books.anomaly(name + ": a whole upload was refused with " + response.statusCode() + " "
                            + response.body());
                    requests.forEach(r -> books.record(answer(r, true, response.statusCode(), "whole-upload", null)));
                    return;
                }
            } catch (IOException e) {
                // no complete answer: the service may be down or went down while answering; send it all again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            books.retries.incrementAndGet();
            pause();
        }
        requests.forEach(r -> books.record(answer(r, true, -1, null, null)));
    }

    /** One upload as a batch job: posted (again, same key, until 202), awaited, its results read. */
    private void job(List<Request> requests, String body, String key) {
        Exchange posted = exchange(client, auth -> HttpRequest.newBuilder(URI.create(url + "/api/v1/disbursement-batches"))
                .timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", key)
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (posted.response() == null || posted.response().statusCode() != 202) {
            if (posted.response() != null) {
                books.anomaly(name + ": batch job " + key + " refused with " + posted.response().statusCode() + " "
                        + posted.response().body());
            }
            requests.forEach(r -> books.record(answer(r, true, -1, null, null)));
            return;
        }
        String location = url + posted.response().headers().firstValue("Location").orElseThrow();
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Exchange status = exchange(client, auth -> HttpRequest.newBuilder(URI.create(location))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", auth).build());
            if (status.response() != null && status.response().statusCode() == 200
                    && "COMPLETED".equals(JSON.readTree(status.response().body()).path("state").asString())) {
                Exchange results = exchange(client, auth -> HttpRequest.newBuilder(URI.create(location + "/results"))
                        .timeout(Duration.ofMinutes(1)).header("Authorization", auth).build());
                Map<Integer, Books.Answer> answers = results.response() == null ? Map.of()
                        : lines(results.response().body(), requests);
                for (int i = 0; i < requests.size(); i++) {
                    Books.Answer answer = answers.get(i);
                    books.record(answer != null ? answer : answer(requests.get(i), true, -1, null, null));
                    if (answer != null && answer.accepted()) {
                        reversible.add(answer);
                        maybeReverse();
                    }
                }
                return;
            }
            pause();
        }
        requests.forEach(r -> books.record(answer(r, true, -1, null, null)));
    }

    /** The answer lines of an upload by request index; lines without a definite answer are left out. */
    private Map<Integer, Books.Answer> lines(String body, List<Request> requests) {
        Map<Integer, Books.Answer> answers = new HashMap<>();
        for (String text : body.split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            JsonNode line = JSON.readTree(text);
            int index = line.get("line").asInt() - 1;
            int status = line.get("status").asInt();
            if (status >= 500) {
                continue;
            }
            answers.put(index, answer(requests.get(index), true, status,
                    problemType(line.path("problem")), status == 201 ? line.get("id").asString() : null));
        }
        return answers;
    }

    /** An accepted request stays accepted under the same id, whatever is sent again. */
    private void consistent(Books.Answer before, Books.Answer now) {
        if (before != null && before.accepted()
                && (!now.accepted() || !before.disbursementId().equals(now.disbursementId()))) {
            books.anomaly(name + ": " + before.key() + " was accepted as " + before.disbursementId()
                    + ", re-sent it got " + now.status() + " " + now.problem() + " " + now.disbursementId());
        }
    }

    private void maybeReverse() {
        if (reversible.isEmpty() || random.nextDouble() >= REVERSAL_RATE) {
            return;
        }
        Books.Answer victim = reversible.remove(random.nextInt(reversible.size()));
        boolean foreign = random.nextDouble() < FOREIGN_REVERSAL_SHARE;
        String as = foreign ? foreignClient : client;
        Exchange exchange = exchange(as, auth -> HttpRequest.newBuilder(
                        URI.create(url + "/api/v1/disbursements/" + victim.disbursementId() + "/reversal"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"Correction of " + victim.key() + "\"}"))
                .build());
        if (exchange.response() == null) {
            books.anomaly(name + ": reversal of " + victim.disbursementId() + " got no answer");
            return;
        }
        int status = exchange.response().statusCode();
        String problem = problemType(JSON.readTree(exchange.response().body()));
        boolean effective = status == 201 || status == 409 && "already-reversed".equals(problem);
        if (!foreign && status == 409 && "recording-in-progress".equals(problem)) {
            books.postponedReversals.incrementAndGet();
            reversible.add(victim); // its batch's events are not on Kafka yet: try again later
            return;
        }
        Books.Reversal reversal = new Books.Reversal(victim.disbursementId(), agency, victim.grantId(),
                victim.cents(), status, problem, effective);
        if (foreign) {
            if (status == 403) {
                books.refusedReversals.add(reversal);
                reversible.add(victim); // still ours to reverse
                return;
            }
            books.anomaly(name + ": another agency's reversal of " + victim.disbursementId() + " got " + status);
        } else if (!effective) {
            books.anomaly(name + ": reversal of " + victim.disbursementId() + " got " + status + " " + problem);
        } else if (status == 409 && !exchange.retried()) {
            books.anomaly(name + ": first reversal of " + victim.disbursementId() + " was already done");
        }
        if (effective) {
            books.reversals.put(victim.disbursementId(), reversal);
        }
    }

    private record Exchange(HttpResponse<String> response, boolean retried) {
    }

    /**
     * One exchange, given up after {@link #WHOLE_ANSWER} as a client with a deadline would: the request's own timeout
     * ends at the response headers, and a streamed answer whose body never completed kept an agency waiting for
     * good (CI, 2026-12-01: a synchronous upload still unanswered 20 minutes after the last round). Giving up is a
     * request without a definite answer: sent again under the same keys, and counted as a retry.
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return answer.get(WHOLE_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IOException("no whole answer within " + WHOLE_ANSWER, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Sends until a definite answer (null response after {@link #GIVE_UP_AFTER}). */
    private Exchange exchange(String clientId, Function<String, HttpRequest> request) {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        boolean retried = false;
        while (System.nanoTime() - deadline < 0) {
            String auth = tokens.bearer(clientId);
            try {
                HttpResponse<String> response = send(request.apply(auth));
                if (response.statusCode() == 401) {
                    tokens.refused(clientId, auth);
                    books.tokenRefreshes.incrementAndGet();
                    pause();
                    continue;
                }
                if (response.statusCode() < 500) {
                    return new Exchange(response, retried);
                }
            } catch (IOException e) {
                // no answer: the service may be down; the same request again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Exchange(null, retried);
            }
            retried = true;
            books.retries.incrementAndGet();
            pause();
        }
        return new Exchange(null, retried);
    }

    private Books.Answer answer(Request request, boolean batch, int status, String problem, String id) {
        return new Books.Answer(request.key(), agency, request.grantId(), request.cents(), batch, status, problem, id);
    }

    private static String problemType(JsonNode problem) {
        String type = problem.path("type").asString(null);
        return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
    }

    private void pause() {
        LockSupport.parkNanos(Duration.ofMillis(200 + random.nextInt(300)).toNanos());
    }
}
