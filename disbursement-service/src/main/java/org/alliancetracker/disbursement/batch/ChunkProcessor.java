package org.alliancetracker.disbursement.batch;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alliancetracker.disbursement.batch.BatchChunk.ChunkLine;
import org.alliancetracker.disbursement.batch.BatchChunk.LineResult;
import org.alliancetracker.disbursement.disbursement.AcceptedDisbursements;
import org.alliancetracker.disbursement.disbursement.AcceptedDisbursements.Accepted;
import org.alliancetracker.disbursement.disbursement.DisbursementRequest;
import org.alliancetracker.disbursement.disbursement.IdempotencyKeys;
import org.alliancetracker.disbursement.disbursement.KnownDisbursement;
import org.alliancetracker.disbursement.disbursement.Refusals;
import org.alliancetracker.disbursement.ledger.BatchReservations;
import org.alliancetracker.disbursement.ledger.LedgerState;
import org.alliancetracker.disbursement.ledger.Reservations;
import org.alliancetracker.disbursement.security.AgencyGate;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies one chunk of a batch, set-based, with the rules and answers of single posts, so that running it again
 * (after a crash, or by another instance that took the batch over) neither applies a line twice nor skips one.
 *
 * <ol>
 *   <li>Each line is read and validated exactly as a line of {@code /api/v1/disbursements/batch}; a bad line is
 *       refused on its own.</li>
 *   <li>One read tells which lines' disbursement ids (derived from their Idempotency-Keys, as for single posts)
 *       exist already: a document another request wrote answers the line as a retry of that request would be
 *       answered (the stored answer, or 422 {@code idempotency-key-reused}); a document that names this very line as
 *       its {@code origin} was written by an earlier run of the chunk.</li>
 *   <li>One read of the chunk's grants' ledgers; then per grant, lines in file order, a <b>plan</b>: a line that does
 *       not fit what remains is refused, a later one that fits is accepted. The plan is applied by <b>one</b>
 *       conditional update per grant ({@link BatchReservations#reserve}) that also records the plan on the ledger as
 *       the batch's mark for this chunk. If the mark is there already, an earlier run reserved: its plan is taken as
 *       it is. If the ledger changed in between, it is read again and planned again.</li>
 *   <li>One unordered {@code insertMany} of the accepted disbursements. A duplicate of this line's own document is
 *       the earlier run's; a duplicate written meanwhile by another request with the same key takes the line's
 *       place, and the amount reserved for the line is given back once ({@link Reservations#giveBack}, keyed by batch
 *       and line).</li>
 *   <li>One insert of the {@code DisbursementRecorded} events of the lines whose documents are the chunk's own, in
 *       one outbox document for the chunk ({@code ChunkEvents}); an earlier run's stands.</li>
 * </ol>
 * The worker then stores the results with the chunk; only after that does it count them on the batch.
 */
@Component
class ChunkProcessor {

    /** Plans made at once after a lost race; then each waits a growing, jittered pause (up to MAX_PAUSE). */
    private static final int QUICK_PLANS = 10;
    /**
     * About 14 s of trying (well inside the batch's 30 s lease) before a grant's lines of a chunk are refused as
     * {@code concurrent-update}.
     */
    private static final int MAX_PLANS = 45;
    private static final long FIRST_PAUSE_MS = 2;
    private static final long MAX_PAUSE_MS = 500;

    private final BatchLines lines;
    private final AgencyGate gate;
    private final BatchReservations reservations;
    private final Reservations giveBacks;
    private final AcceptedDisbursements disbursements;
    private final JsonMapper json;

    ChunkProcessor(BatchLines lines, AgencyGate gate, BatchReservations reservations, Reservations giveBacks,
                   AcceptedDisbursements disbursements, JsonMapper json) {
        this.lines = lines;
        this.gate = gate;
        this.reservations = reservations;
        this.giveBacks = giveBacks;
        this.disbursements = disbursements;
        this.json = json;
    }

    /** A valid line: its request, and the disbursement id and fingerprint a single post of it would have. */
    private record Valid(long line, String key, DisbursementRequest request, String id, String fingerprint,
                         long cents) {
    }

    /** The results of the chunk's lines, in input order. */
    Mono<List<LineResult>> process(BatchJob job, BatchChunk chunk) {
        Map<Long, LineResult> results = new LinkedHashMap<>();
        Map<String, Valid> firstById = new LinkedHashMap<>();
        List<Valid> repeats = new ArrayList<>();
        BatchLines.LineReader reader = reader(job);
        for (ChunkLine record : chunk.lines()) {
            try {
                if (record.bytes() == null) {
                    throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                            "The line is longer than the limit for one line");
                }
                BatchLine line = reader.read(record.bytes());
                DisbursementRequest request = lines.validated(line);
                Valid valid = new Valid(record.line(), line.idempotencyKey(), request,
                        IdempotencyKeys.disbursementId(job.agency(), line.idempotencyKey()),
                        IdempotencyKeys.fingerprint(request), Money.toCents(request.amount()));
                if (firstById.putIfAbsent(valid.id(), valid) != null) {
                    repeats.add(valid);
                }
            } catch (ApiProblem problem) {
                results.put(record.line(), refused(record.line(), problem));
            }
        }
        return disbursements.find(firstById.keySet())
                .flatMap(known -> {
                    Map<String, List<Valid>> byGrant = new LinkedHashMap<>();
                    Set<Long> foreign = new HashSet<>();
                    for (Valid valid : firstById.values()) {
                        byGrant.computeIfAbsent(valid.request().grantId(), g -> new ArrayList<>()).add(valid);
                        KnownDisbursement existing = known.get(valid.id());
                        if (existing != null && !origin(job, valid.line()).equals(existing.origin())) {
                            foreign.add(valid.line());
                            results.put(valid.line(), retryAnswer(valid, existing));
                        }
                    }
                    return reservations.read(byGrant.keySet(), job.id())
                            .flatMapMany(ledgers -> Flux.fromIterable(byGrant.entrySet())
                                    .concatMap(group -> grant(job, chunk.seq(), group.getKey(), group.getValue(),
                                            foreign, ledgers.get(group.getKey()), results)))
                            .collectList();
                })
                .flatMap(accepted -> insert(job, chunk, accepted, results).thenReturn(accepted.size()))
                .map(done -> {
                    for (Valid repeat : repeats) {
                        results.put(repeat.line(), repeatAnswer(repeat, firstById.get(repeat.id()),
                                results.get(firstById.get(repeat.id()).line())));
                    }
                    return results.values().stream().sorted(Comparator.comparingLong(LineResult::line)).toList();
                });
    }

    /**
     * The accepted lines of one grant (refusals go straight into {@code results}). {@code all} are the grant's valid
     * lines; those in {@code foreign} name a disbursement another request wrote (already answered): a new plan leaves
     * them out, an earlier run's plan is taken whole (such a line it accepted meets that document at the insert, and
     * its amount goes back).
     */
    private Flux<AcceptedLine> grant(BatchJob job, int seq, String grantId, List<Valid> all, Set<Long> foreign,
                                     LedgerState ledger, Map<Long, LineResult> results) {
        List<Valid> group = all.stream().filter(v -> !foreign.contains(v.line())).toList();
        return gate.check(job.agency(), grantId)
                .then(Mono.defer(() -> plan(job, seq, grantId, all, group, ledger, 1)))
                .onErrorResume(ApiProblem.class, problem -> Mono.just(Plan.refusingAll(group, problem)))
                .flatMapMany(plan -> {
                    plan.refusals().stream().filter(r -> !foreign.contains(r.line()))
                            .forEach(r -> results.put(r.line(), refused(r.line(), r.problem())));
                    return Flux.fromIterable(plan.accepted());
                });
    }

    private Mono<Plan> plan(BatchJob job, int seq, String grantId, List<Valid> all, List<Valid> group,
                            LedgerState ledger, int round) {
        if (ledger == null || !ledger.known()) {
            return Mono.just(Plan.refusingAll(group, ApiProblem.notFound("Grant", grantId)));
        }
        LedgerState.BatchMark mark = ledger.markOf(job.id());
        if (mark != null && mark.seq() == seq) {
            return Mono.just(walk(all, ledger, Set.copyOf(mark.lines()), mark.remainingAfterCents()));
        }
        if (mark != null && mark.seq() > seq) {
            return Mono.error(new IllegalStateException("Chunk " + seq + " of batch " + job.id()
                    + " was overtaken by another run"));
        }
        if (!ledger.active()) {
            return Mono.just(Plan.refusingAll(group, Refusals.grantNotActive(grantId, ledger.status())));
        }
        Plan plan = walk(group, ledger, null, ledger.remaining());
        if (plan.accepted().isEmpty()) {
            return Mono.just(plan); // nothing to reserve: refusals change nothing
        }
        if (round > MAX_PLANS) {
            return Mono.just(Plan.refusingAll(group, Refusals.concurrentUpdate(grantId)));
        }
        long cents = plan.accepted().stream().mapToLong(a -> a.valid().cents()).sum();
        var newMark = new LedgerState.BatchMark(seq,
                plan.accepted().stream().map(a -> a.valid().line()).toList(), plan.remainingAfterCents());
        return reservations.reserve(grantId, job.id(), ledger.remaining(), cents, newMark)
                .flatMap(reserved -> reserved ? Mono.just(plan)
                        : pause(round).then(reservations.read(grantId, job.id())) // the ledger changed: plan again
                                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                                .flatMap(now -> plan(job, seq, grantId, all, group, now.orElse(null), round + 1)));
    }

    /**
     * Before the next plan after {@code round} lost races: none for the first few, then a pause that doubles up to
     * {@link #MAX_PAUSE_MS}, jittered (±50 %) so that writers racing on one grant fall out of step. A batch has no
     * client waiting on a line, so under steady single posts on the same grant it keeps trying rather than refusing
     * lines that fit (CrashAndRestartChaosIT at CI's size refused 729 lines as {@code concurrent-update} after 10
     * immediate tries).
     */
    private static Mono<Long> pause(int round) {
        long millis = pauseMillis(round, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
        return millis == 0 ? Mono.just(0L) : Mono.delay(java.time.Duration.ofMillis(millis));
    }

    /** The pause after {@code round} lost races; {@code random} gives a number in [0, bound). */
    static long pauseMillis(int round, java.util.function.LongUnaryOperator random) {
        if (round < QUICK_PLANS) {
            return 0;
        }
        long pause = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS << Math.min(20, round - QUICK_PLANS));
        return pause / 2 + random.applyAsLong(pause + 1);
    }

    /** The last round that plans again; one more lost race refuses the grant's lines. */
    static int lastPlan() {
        return MAX_PLANS;
    }

    /**
     * The grant's lines in file order against what remains: a line that does not fit is refused, a later one that
     * fits accepted. With {@code adopted} (an earlier run's plan), exactly those lines are accepted, starting from the
     * remaining obligation that run started from.
     */
    private Plan walk(List<Valid> group, LedgerState ledger, Set<Long> adopted, long remainingAtEndOrStart) {
        LocalDate start = ledger.startDay();
        LocalDate end = ledger.endDay();
        LocalDate closesOn = ledger.closingDay();
        long running = remainingAtEndOrStart;
        if (adopted != null) {
            for (Valid valid : group) {
                if (adopted.contains(valid.line())) {
                    running += valid.cents();
                }
            }
        }
        List<AcceptedLine> accepted = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        for (Valid valid : group) {
            LocalDate date = valid.request().valueDate();
            boolean inPeriod = !date.isBefore(start) && !date.isAfter(end);
            boolean open = closesOn == null || !date.isAfter(closesOn);
            boolean accept = adopted != null ? adopted.contains(valid.line())
                    : inPeriod && open && valid.cents() <= running;
            if (accept) {
                running -= valid.cents();
                accepted.add(new AcceptedLine(valid, ledger, running));
            } else if (!inPeriod) {
                refusals.add(new Refusal(valid.line(), Refusals.outsidePeriod(ledger.id(), date, start, end)));
            } else if (!open) {
                refusals.add(new Refusal(valid.line(), Refusals.accountClosed(ledger.id(), closesOn)));
            } else {
                refusals.add(new Refusal(valid.line(),
                        Refusals.insufficientObligation(ledger.id(), Money.fromCents(running))));
            }
        }
        return new Plan(accepted, refusals, running);
    }

    private Mono<Void> insert(BatchJob job, BatchChunk chunk, List<AcceptedLine> accepted,
                              Map<Long, LineResult> results) {
        String reservation = job.id() + ":chunk";
        List<Accepted> documents = accepted.stream().map(a -> new Accepted(a.valid().id(), a.valid().key(),
                a.valid().request(), a.ledger().grantRef(), a.remainingCents(), reservation,
                origin(job, a.valid().line()), chunk.id())).toList();
        Map<String, AcceptedLine> byId = new LinkedHashMap<>();
        accepted.forEach(a -> byId.put(a.valid().id(), a));
        return disbursements.insert(documents)
                .flatMap(duplicates -> duplicates.isEmpty() ? Mono.just(Map.<String, KnownDisbursement>of())
                        : disbursements.find(duplicates))
                .flatMap(existing -> {
                    Set<String> lost = new HashSet<>();
                    existing.forEach((id, doc) -> {
                        if (!origin(job, byId.get(id).valid().line()).equals(doc.origin())) {
                            lost.add(id);
                        }
                    });
                    List<Accepted> own = new ArrayList<>();
                    for (int i = 0; i < accepted.size(); i++) {
                        AcceptedLine a = accepted.get(i);
                        if (!lost.contains(a.valid().id())) {
                            own.add(documents.get(i));
                            results.put(a.valid().line(), new LineResult(a.valid().line(), 201, a.valid().id(),
                                    a.remainingCents(), null, null));
                        }
                    }
                    // another request took the key between the read and the insert: its document stands, the
                    // amount reserved for the line goes back (once, keyed by batch and line)
                    return Flux.fromIterable(lost).concatMap(id -> {
                        AcceptedLine a = byId.get(id);
                        results.put(a.valid().line(), retryAnswer(a.valid(), existing.get(id)));
                        return giveBacks.giveBack(a.ledger().id(), origin(job, a.valid().line()), a.valid().cents());
                    }).then(disbursements.recordEvents(chunk.id(), own));
                });
    }

    /** What a retry of the request that wrote {@code existing} gets, as a single post with the key would. */
    private LineResult retryAnswer(Valid valid, KnownDisbursement existing) {
        if (!valid.fingerprint().equals(existing.fingerprint())) {
            return refused(valid.line(), Refusals.keyReused(valid.key(), valid.id()));
        }
        if (existing.pending()) {
            return refused(valid.line(), Refusals.keyInUse(valid.key()));
        }
        return new LineResult(valid.line(), 201, existing.id(), existing.remainingCents(), null, null);
    }

    /** A line repeating an earlier line's key in the same chunk: answered like a retry of that line. */
    private LineResult repeatAnswer(Valid repeat, Valid first, LineResult firstResult) {
        if (!repeat.fingerprint().equals(first.fingerprint())) {
            return refused(repeat.line(), Refusals.keyReused(repeat.key(), repeat.id()));
        }
        return new LineResult(repeat.line(), firstResult.status(), firstResult.id(), firstResult.remainingCents(),
                firstResult.problemType(), firstResult.problem());
    }

    private LineResult refused(long line, ApiProblem problem) {
        return new LineResult(line, problem.status().value(), null, null, problem.slug(),
                json.writeValueAsString(BatchResult.problem(line, problem).problem()));
    }

    private BatchLines.LineReader reader(BatchJob job) {
        if (!job.csv()) {
            return lines::parseJson;
        }
        Charset charset = job.charset() == null ? StandardCharsets.UTF_8 : Charset.forName(job.charset());
        Csv columns = Csv.header(job.csvHeader());
        return bytes -> columns.line(org.alliancetracker.platform.web.StrictText.decode(bytes, charset, "line"));
    }

    static String origin(BatchJob job, long line) {
        return job.id() + ":" + line;
    }

    private record AcceptedLine(Valid valid, LedgerState ledger, long remainingCents) {
    }

    private record Refusal(long line, ApiProblem problem) {
    }

    private record Plan(List<AcceptedLine> accepted, List<Refusal> refusals, long remainingAfterCents) {

        static Plan refusingAll(List<Valid> group, ApiProblem problem) {
            return new Plan(List.of(), group.stream().map(v -> new Refusal(v.line(), problem)).toList(), 0);
        }
    }
}
