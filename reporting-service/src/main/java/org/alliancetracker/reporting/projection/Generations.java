package org.alliancetracker.reporting.projection;

import java.time.Duration;

import org.alliancetracker.platform.worker.Worker;
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
import reactor.core.publisher.Mono;

/**
 * Which generation of the views is current, read by every instance through one document
 * ({@code view_generations/_id: views}) and cached: re-read every {@code alliance.reporting.rebuild.pointer-poll}
 * (a find by id, right on a real MongoDB and on the emulator alike; no change stream needed). Every change of it is a
 * conditional update (compare-and-set), so the switch to a rebuilt generation happens once, atomically.
 *
 * <p>A rebuild names the generation it is {@code replaying} (only the replay writes it); live polls go on writing
 * the generation they are {@code fed}, the current one. The switch is made so that no reader, on any instance, ever
 * sees a figure go back:
 * <ol>
 * <li>{@link #freeze}: when the replay has nearly caught up, nothing is fed any more; a live poll that reads the
 *     pointer from then on waits ({@code LiveWrites}), so the current generation holds still, for about as long as
 *     the replay takes to reach the end offsets read after the freeze. Every record a live poll wrote (or is still
 *     writing) into it was read before the freeze, so it is before those end offsets;</li>
 * <li>{@link #cutover}: once the replay has reached them, the new generation holds every record the frozen one does:
 *     one update makes it current and fed; the waiting polls write it (their records that the replay already
 *     applied change nothing: offset guards), and so does every live poll after them;</li>
 * <li>while a rebuild is named, every request reads the pointer before it reads a view ({@link #refreshed},
 *     {@code GenerationReadFilter}), so a request begun after the cutover reads the new generation on every
 *     instance, never the replaced one.</li>
 * </ol>
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
     * @param fed       the generation live polls write (the current one); null while a rebuild freezes it for the
     *                  cutover
     * @param replaying the generation a rebuild writes; null if none
     */
    public record Pointer(@Id String id, int current, Integer fed, Integer replaying) {

        static final Pointer INITIAL = new Pointer(POINTER, 0, 0, null);

        public Generation currentGeneration() {
            return new Generation(current);
        }

        /** The generation live polls write, or null: frozen for a cutover (they wait). */
        public Generation fedGeneration() {
            return fed == null ? null : new Generation(fed);
        }

        /** Whether a rebuild is named (requests then read the pointer before the views). */
        public boolean rebuilding() {
            return replaying != null;
        }
    }

    private final ReactiveMongoTemplate mongo;
    private final Worker poller = new Worker("view-generation-poll");
    private volatile Pointer pointer;
    /** Refreshes begun, and the latest begun whose read is cached (guarded by {@code this}). */
    private long refreshesBegun;
    private long cachedRefresh;
    /** When the read of the cached pointer began ({@link System#nanoTime}, guarded by {@code this}). */
    private long cachedReadBegan = System.nanoTime();
    /** How old a cached pointer naming no rebuild may be for a live poll: well under a rebuild's wait to freeze. */
    private final long freshForWriting;

    public Generations(ReactiveMongoTemplate mongo, ReportingProperties properties) {
        this.mongo = mongo;
        this.pointer = read();
        Duration every = properties.rebuild().pointerPoll();
        this.freshForWriting = every.multipliedBy(2).toNanos();
        poller.start().every(every, every, this::poll);
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
        long began = System.nanoTime();
        long begun = begin();
        return cache(begun, began, read());
    }

    /**
     * The pointer for a live poll about to write: the cached one if it names no rebuild and its read began less than
     * two pointer polls ago, else read now. A rebuild freezes the current generation only {@code 4 × pointer-poll
     * + 1 s} after it was named ({@code Replay}), so a cached pointer that fresh, naming none, cannot hide a freeze:
     * no store round trip per poll outside rebuilds.
     */
    public Pointer forWriting() {
        synchronized (this) {
            if (!pointer.rebuilding() && System.nanoTime() - cachedReadBegan < freshForWriting) {
                return pointer;
            }
        }
        return refresh();
    }

    /** {@link #refresh} without blocking: for a request about to read a view. */
    public Mono<Pointer> refreshed() {
        return Mono.defer(() -> {
            long began = System.nanoTime();
            long begun = begin();
            return mongo.findById(POINTER, Pointer.class, COLLECTION).defaultIfEmpty(Pointer.INITIAL)
                    .map(read -> cache(begun, began, read));
        });
    }

    private synchronized long begin() {
        return ++refreshesBegun;
    }

    private synchronized Pointer cache(long begun, long began, Pointer read) {
        if (begun > cachedRefresh) {
            cachedRefresh = begun;
            cachedReadBegan = began;
            pointer = read;
        }
        return pointer;
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

    /** Before the cutover: {@code current} is not fed any more (live polls wait) while {@code next} replays. */
    public boolean freeze(int current, int next) {
        Query query = new Query(Criteria.where("_id").is(POINTER).and("current").is(current).and("replaying").is(next)
                .and("fed").is(current));
        return changed(mongo.updateFirst(query, new Update().unset("fed"), COLLECTION).block(TIMEOUT));
    }

    /** The switch, from a frozen {@code from}: {@code to} is read and fed from now on, nothing replays. */
    public boolean cutover(int from, int to) {
        Query query = new Query(Criteria.where("_id").is(POINTER).and("current").is(from).and("replaying").is(to)
                .and("fed").is(null));
        Update update = new Update().set("current", to).set("fed", to).unset("replaying");
        return changed(mongo.updateFirst(query, update, COLLECTION).block(TIMEOUT));
    }

    /** A cancelled rebuild: nobody writes {@code generation} any more, and the current one is fed again. */
    public boolean abandon(int generation) {
        Pointer now = refresh();
        if (now.current() == generation) {
            return false;
        }
        Query query = new Query(Criteria.where("_id").is(POINTER).and("replaying").is(generation)
                .and("current").is(now.current()));
        return changed(mongo.updateFirst(query, new Update().unset("replaying").set("fed", now.current()),
                COLLECTION).block(TIMEOUT));
    }

    private static boolean changed(com.mongodb.client.result.UpdateResult result) {
        return result != null && (result.getModifiedCount() > 0 || result.getUpsertedId() != null);
    }

    @PreDestroy
    void shutdown() {
        poller.stop();
    }
}
