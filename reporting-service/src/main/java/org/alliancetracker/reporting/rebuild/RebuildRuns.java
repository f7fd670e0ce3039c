package org.alliancetracker.reporting.rebuild;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.mongodb.client.result.UpdateResult;

/**
 * The stored rebuild ({@link RebuildRun}) and its changes, each a conditional update: starting one only if none is
 * active (its insert collides otherwise), driving it only while holding its lease, cancelling it only while it
 * replays.
 */
@Component
class RebuildRuns {

    static final String COLLECTION = "view_rebuilds";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Giving the lease up is a courtesy (it expires anyway): it never holds up a shutdown for long. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(3);

    private final ReactiveMongoTemplate mongo;

    RebuildRuns(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    RebuildRun load() {
        return mongo.findById(RebuildRun.ID, RebuildRun.class, COLLECTION).block(TIMEOUT);
    }

    /** Stores a new rebuild, unless one is active; false if one is. */
    boolean start(RebuildRun run) {
        mongo.remove(new Query(Criteria.where("_id").is(RebuildRun.ID).and("phase").is(RebuildRun.DONE)), COLLECTION)
                .block(TIMEOUT);
        try {
            mongo.insert(run, COLLECTION).block(TIMEOUT);
            return true;
        } catch (DuplicateKeyException active) {
            return false;
        }
    }

    /** Takes (or renews) the lease of an active rebuild: free, expired, or already this instance's. */
    boolean claim(String owner, Duration lease) {
        Date now = new Date();
        Query query = new Query(Criteria.where("_id").is(RebuildRun.ID).and("phase").ne(RebuildRun.DONE)
                .orOperator(Criteria.where("owner").is(owner), Criteria.where("owner").is(null),
                        Criteria.where("leaseUntil").lt(now)));
        return changed(mongo.updateFirst(query, new Update().set("owner", owner)
                .set("leaseUntil", new Date(now.getTime() + lease.toMillis())), COLLECTION).block(TIMEOUT));
    }

    /** Gives the lease up (a clean stop): another instance takes the rebuild over at once. */
    void release(String owner) {
        mongo.updateFirst(new Query(Criteria.where("_id").is(RebuildRun.ID).and("owner").is(owner)),
                new Update().unset("owner").set("leaseUntil", new Date(0)), COLLECTION).block(RELEASE_TIMEOUT);
    }

    /**
     * The replay's progress, renewing the lease; false if this instance no longer holds it.
     *
     * @param deadLetters  poison records met since the last call
     * @param deadLettered where (some of) them were, appended to those noted
     */
    boolean progress(String owner, Duration lease, long replayed, long deadLetters, List<String> deadLettered,
                     Map<String, Long> reached, Map<String, Long> lag) {
        Update update = new Update().inc("replayed", replayed).inc("deadLetters", deadLetters)
                .set("reached", reached).set("lag", lag)
                .set("leaseUntil", new Date(System.currentTimeMillis() + lease.toMillis()));
        if (!deadLettered.isEmpty()) {
            update.push("deadLettered").each(deadLettered.toArray());
        }
        return changed(mongo.updateFirst(owned(owner), update, COLLECTION).block(TIMEOUT));
    }

    /** Moves the rebuild on from one phase to the next, if this instance still drives it in that phase. */
    boolean advance(String owner, String fromPhase, String toPhase, String state, String at) {
        Update update = new Update().set("phase", toPhase);
        if (at != null) {
            update.set(at, new Date());
        }
        if (state != null) {
            update.set("state", state);
        }
        Query query = owned(owner);
        query.addCriteria(Criteria.where("phase").is(fromPhase));
        return changed(mongo.updateFirst(query, update, COLLECTION).block(TIMEOUT));
    }

    /** Its generation is ready: the rebuild may be driven. False if it was cancelled meanwhile. */
    boolean ready() {
        Query query = new Query(Criteria.where("_id").is(RebuildRun.ID).and("phase").is(RebuildRun.PREPARING));
        return changed(mongo.updateFirst(query, new Update().set("phase", RebuildRun.REPLAYING), COLLECTION)
                .block(TIMEOUT));
    }

    /** Cancels a rebuild that has not switched yet; false if there is none. */
    boolean cancel() {
        Query query = new Query(Criteria.where("_id").is(RebuildRun.ID).and("phase")
                .in(RebuildRun.PREPARING, RebuildRun.REPLAYING));
        return changed(mongo.updateFirst(query, new Update().set("phase", RebuildRun.CANCELLING)
                .set("state", RebuildRun.CANCELLED), COLLECTION).block(TIMEOUT));
    }

    private static Query owned(String owner) {
        return new Query(Criteria.where("_id").is(RebuildRun.ID).and("owner").is(owner));
    }

    private static boolean changed(UpdateResult result) {
        return result != null && result.getModifiedCount() > 0;
    }
}
