package org.alliancetracker.reporting.rebuild;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;

/**
 * The one stored rebuild ({@code view_rebuilds/_id: rebuild}): what it replays, how far it got, who runs it. Every
 * instance reads it (status, SSE progress); the instance holding its lease ({@code owner} until {@code leaseUntil})
 * drives it, and another one (or the same, restarted) takes it over when the lease runs out.
 *
 * @param generation   the generation written
 * @param replaced     the generation current when it started (dropped after the handover)
 * @param state        {@code RUNNING}, {@code COMPLETED} (switched), {@code CANCELLED} or {@code FAILED}
 * @param phase        {@code PREPARING} (its generation being created; not yet driven), {@code REPLAYING},
 *                     {@code HANDOVER} (switched; the replay still goes on for the grace period),
 *                     {@code RETIRING} (its collections about to be dropped), {@code CANCELLING},
 *                     {@code DONE}
 * @param from         per partition (key {@link org.alliancetracker.reporting.projection.Generation#key}): the first
 *                     offset when it started
 * @param to           per partition: the end offset when it started (its {@code total} is Σ to − from)
 * @param reached      per partition: the replay's position (next offset to read)
 * @param lag          per partition: records between the replay's position and the end of the partition
 * @param replayed     records the replay handled (a record read again after a takeover counts again)
 * @param deadLetters  records of the replay that were poison, dead-lettered
 * @param deadLettered where the latest of them were ({@code topic-partition@offset}, at most 50)
 * @param released     when the replaced (or, cancelled, the written) generation stopped being written
 */
record RebuildRun(@Id String id, int generation, int replaced, String state, String phase, String consumerGroup,
                  Instant startedAt, Instant switchedAt, Instant released, Instant finishedAt,
                  Map<String, Long> from, Map<String, Long> to, Map<String, Long> reached, Map<String, Long> lag,
                  long replayed, long deadLetters, List<String> deadLettered, String owner, Instant leaseUntil,
                  String error) {

    static final String ID = "rebuild";

    static final String RUNNING = "RUNNING";
    static final String COMPLETED = "COMPLETED";
    static final String CANCELLED = "CANCELLED";

    static final String PREPARING = "PREPARING";
    static final String REPLAYING = "REPLAYING";
    static final String HANDOVER = "HANDOVER";
    static final String RETIRING = "RETIRING";
    static final String CANCELLING = "CANCELLING";
    static final String DONE = "DONE";

    boolean active() {
        return !DONE.equals(phase);
    }

    /** Records on the source topics when it started. */
    long total() {
        long sum = 0;
        for (var e : to.entrySet()) {
            sum += Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), 0L));
        }
        return sum;
    }

    /** Of {@link #total}, how many the replay has got past (by position: a record read twice counts once). */
    long applied() {
        long sum = 0;
        for (var e : to.entrySet()) {
            long start = from.getOrDefault(e.getKey(), 0L);
            long at = reached == null ? start : reached.getOrDefault(e.getKey(), start);
            sum += Math.max(0, Math.min(at, e.getValue()) - start);
        }
        return sum;
    }
}
