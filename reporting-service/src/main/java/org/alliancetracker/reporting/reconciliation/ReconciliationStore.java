package org.alliancetracker.reporting.reconciliation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores reconciliations with a few bulk writes: the lines and the differences in chunks ({@code insertMany}), the
 * reconciliation itself last. A crash in between leaves lines nobody can reach (no reconciliation names them) and the
 * client, which got no 201, posts again. Ids of lines and differences derive from the reconciliation id and their
 * order, so they are never duplicated.
 */
@Component
class ReconciliationStore implements ApplicationRunner {

    private static final int CHUNK = 1000;

    private final ReactiveMongoTemplate mongo;

    ReconciliationStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Indexes a real MongoDB uses to read one reconciliation's lines in order (an optimisation only). */
    @Override
    public void run(ApplicationArguments args) {
        Index index = new Index().on(StoredReconciliation.RECONCILIATION_ID, Sort.Direction.ASC)
                .on(StoredReconciliation.SEQ, Sort.Direction.ASC);
        Flux.concat(mongo.indexOps(StoredLine.class).createIndex(index),
                        mongo.indexOps(StoredDifference.class).createIndex(index))
                .onErrorResume(e -> Mono.empty())
                .then().block(Duration.ofSeconds(30));
    }

    Mono<Stored> save(String id, java.time.Instant now, String format, String agency, Integer fiscalYear,
                      Ledger.Axes axes, TheirFigures.FileSummary file, Comparison.Result result) {
        List<StoredLine> lines = new ArrayList<>();
        for (Comparison.Line line : result.lines()) {
            lines.add(new StoredLine(id + "/l" + lines.size(), id, lines.size(), line.grantId(), line.fiscalYear(),
                    line.figure(), line.ours(), line.theirs()));
        }
        List<StoredDifference> differences = new ArrayList<>();
        for (Comparison.Difference d : result.differences()) {
            differences.add(new StoredDifference(id + "/d" + differences.size(), id, differences.size(), d.kind(),
                    d.grantId(), d.theirId(), d.fiscalYear(), d.theirFiscalYear(), d.figure(), d.ours(), d.theirs(),
                    d.difference()));
        }
        Map<String, Long> byKind = new LinkedHashMap<>();
        result.counts().forEach((kind, count) -> byKind.put(kind.name(), count));
        StoredReconciliation reconciliation = new StoredReconciliation(id, now, format, agency, fiscalYear,
                axes.asOf() == null ? null : axes.asOf().toString(), axes.knownAt(), file,
                result.totals(), byKind, lines.size(), differences.size());
        return Flux.fromIterable(lines).buffer(CHUNK).concatMap(chunk -> mongo.insert(chunk, StoredLine.class))
                .thenMany(Flux.fromIterable(differences).buffer(CHUNK)
                        .concatMap(chunk -> mongo.insert(chunk, StoredDifference.class)))
                .then(mongo.insert(reconciliation))
                .map(saved -> new Stored(saved, lines, differences));
    }

    Mono<Stored> find(String id) {
        Query ofIt = Query.query(Criteria.where(StoredReconciliation.RECONCILIATION_ID).is(id))
                .with(Sort.by(StoredReconciliation.SEQ));
        return mongo.findById(id, StoredReconciliation.class)
                .flatMap(reconciliation -> Mono.zip(mongo.find(ofIt, StoredLine.class).collectList(),
                                mongo.find(ofIt, StoredDifference.class).collectList())
                        .map(t -> new Stored(reconciliation, t.getT1(), t.getT2())));
    }

    /** The reconciliation without its lines and differences. */
    Mono<StoredReconciliation> header(String id) {
        return mongo.findById(id, StoredReconciliation.class);
    }

    /** A reconciliation with its lines and differences, in order. */
    record Stored(StoredReconciliation reconciliation, List<StoredLine> lines, List<StoredDifference> differences) {
    }

}
