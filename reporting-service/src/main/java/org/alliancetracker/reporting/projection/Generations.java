package org.alliancetracker.reporting.projection;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.reporting.ReportingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * Which generation of the views is current, read by every instance through one document
 * ({@code view_generations/_id: views}) and cached: re-read every {@code alliance.reporting.rebuild.pointer-poll}
 * (a find by id, right on a real MongoDB and on the emulator alike; no change stream needed). Every change of it is a
 * conditional update (compare-and-set), so the switch to a rebuilt generation happens once, atomically.
 *
 * <p>While a rebuild runs, the pointer also names the generation being {@code replaying}: live polls keep writing
 * the generation they {@code fed} before, and write the replaying one too, but only a partition's records that follow
 * on what that generation already holds ({@link #completeThrough}): so it never gets a gap, whichever writer (the
 * replay or a live instance) is ahead.
 */
@Component
public class Generations {

    private static final Logger log = LoggerFactory.getLogger(Generations.class);
    public static final String COLLECTION = "view_generations";
    static final String POINTER = "views";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * The pointer document.
     *
     * @param current   the generation reads use
     * @param fed       the generation live polls write unconditionally (the current one, or until a rebuild's
     *                  handover ends, the one it replaced)
     * @param replaying the generation a rebuild writes, also written by live polls where contiguous; null if none
     */
    public record Pointer(@Id String id, int current, int fed, Integer replaying) {

        static final Pointer INITIAL = new Pointer(POINTER, 0, 0, null);

        public Generation currentGeneration() {
            return new Generation(current);
        }

        public Generation fedGeneration() {
            return new Generation(fed);
        }
    }

    /** How far a generation holds every record of each partition ({@code through}: key → last offset). */
    public record Positions(@Id String id, Map<String, Long> through) {
    }

    private final ReactiveMongoTemplate mongo;
    private final ScheduledExecutorService poller;
    private volatile Pointer pointer;
    /** Refreshes begun, and the latest begun whose read is cached (guarded by {@code this}). */
    private long refreshesBegun;
    private long cachedRefresh;

    public Generations(ReactiveMongoTemplate mongo, ReportingProperties properties) {
        this.mongo = mongo;
        this.pointer = read();
        long every = properties.rebuild().pointerPoll().toMillis();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "view-generation-poll");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** The generation reads use (cached: at most one poll interval behind a switch). */
    public Generation current() {
        return pointer.currentGeneration();
    }

    /** The cached pointer. */
    public Pointer pointer() {
        return pointer;
    }

    /**
     * Reads the pointer now and caches it, unless a refresh begun later has already been cached: the poller and the
     * rebuild's thread refresh concurrently, and a read begun before a switch must never replace one begun after it
     * (the instance would read the replaced generation again for a poll interval: figures going back).
     */
    public Pointer refresh() {
        long begun;
        synchronized (this) {
            begun = ++refreshesBegun;
        }
        Pointer read = read();
        synchronized (this) {
            if (begun > cachedRefresh) {
                cachedRefresh = begun;
                pointer = read;
            }
            return pointer;
        }
    }

    private void poll() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.debug("Generation pointer not read: {}", e.toString()); // the cached one stays; next poll retries
        }
    }

    private Pointer read() {
        Pointer read = mongo.findById(POINTER, Pointer.class, COLLECTION).block(TIMEOUT);
        return read == null ? Pointer.INITIAL : read;
    }

    /** Names {@code next} as replaying, if {@code current} is still current and nothing else replays. */
    public boolean attach(int current, int next) {
        Query query = new Query(Criteria.where("_id").is(POINTER).and("current").is(current)
                .orOperator(Criteria.where("replaying").is(null), Criteria.where("replaying").is(next)));
        Update update = new Update().set("fed", current).set("replaying", next);
        try {
            return changed(mongo.upsert(query, update, COLLECTION).block(TIMEOUT));
        } catch (org.springframework.dao.DuplicateKeyException otherwise) {
            return false; // the pointer exists with another current or replaying generation
        }
    }

    /** The switch: reads go to {@code to}; live polls keep feeding {@code from} until {@link #detach}. */
    public boolean switchTo(int from, int to) {
        Query query = new Query(Criteria.where("_id").is(POINTER).and("current").is(from).and("replaying").is(to));
        return changed(mongo.updateFirst(query, new Update().set("current", to), COLLECTION).block(TIMEOUT));
    }

    /** The end of a handover: live polls feed only {@code generation}, which is current. */
    public boolean detach(int generation) {
        Query query = new Query(Criteria.where("_id").is(POINTER).and("current").is(generation)
                .and("replaying").is(generation));
        return changed(mongo.updateFirst(query, new Update().set("fed", generation).unset("replaying"), COLLECTION)
                .block(TIMEOUT));
    }

    /** A cancelled rebuild: nobody writes {@code generation} any more (it was never current). */
    public boolean abandon(int generation) {
        Query query = new Query(Criteria.where("_id").is(POINTER).and("replaying").is(generation)
                .and("current").ne(generation));
        return changed(mongo.updateFirst(query, new Update().unset("replaying"), COLLECTION).block(TIMEOUT));
    }

    /** How far the generation holds every record of each partition (empty if not tracked). */
    public Map<String, Long> completeThrough(Generation generation) {
        Positions positions = mongo.findById(positionsId(generation), Positions.class, COLLECTION).block(TIMEOUT);
        return positions == null || positions.through() == null ? Map.of() : positions.through();
    }

    /** Starts tracking a new generation: it holds each partition up to just before its first offset. */
    public void track(Generation generation, Map<String, Long> beforeFirst) {
        Update update = new Update();
        beforeFirst.forEach((key, offset) -> update.max("through." + key, offset));
        mongo.upsert(Query.query(Criteria.where("_id").is(positionsId(generation))), update, COLLECTION)
                .block(TIMEOUT);
    }

    /** Records that the generation now holds each partition up to these offsets (contiguously). */
    public void advance(Generation generation, Map<String, Long> through) {
        if (through.isEmpty()) {
            return;
        }
        track(generation, through);
    }

    public void forget(Generation generation) {
        mongo.remove(Query.query(Criteria.where("_id").is(positionsId(generation))), COLLECTION).block(TIMEOUT);
    }

    private static String positionsId(Generation generation) {
        return "positions-" + generation.number();
    }

    private static boolean changed(com.mongodb.client.result.UpdateResult result) {
        return result != null && (result.getModifiedCount() > 0 || result.getUpsertedId() != null);
    }

    /** Per partition: the last offset among these positions. */
    public static Map<String, Long> lastOffsets(
            Iterable<org.alliancetracker.platform.messaging.SourcePosition> positions) {
        Map<String, Long> last = new HashMap<>();
        positions.forEach(p -> last.merge(Generation.key(p), p.offset(), Math::max));
        return last;
    }

    @PreDestroy
    void shutdown() {
        poller.shutdownNow();
    }
}
