package org.alliancetracker.reporting.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Progress of the latest rebuild, as every instance reports it (it is stored, not kept by the instance running it).
 *
 * @param state                {@code IDLE} (none yet), {@code RUNNING} (replaying), {@code COMPLETED} (the views
 *                             switched to the new generation), {@code CANCELLED} or {@code FAILED}
 * @param phase                {@code PREPARING}, {@code REPLAYING}, {@code HANDOVER} (switched; the replaced
 *                             generation is still kept live for the grace period), {@code RETIRING} (being dropped),
 *                             {@code CANCELLING}, {@code DONE}; another rebuild may start only once it is {@code DONE}
 * @param generation           the generation written
 * @param replacedGeneration   the generation it replaces
 * @param total                records on the source topics when it started (Σ end − beginning offsets)
 * @param applied              of those, how many the replay has got past
 * @param replayed             records the replay handled, also those published since it started
 * @param eventsPerSecond      applied per second from the start (to the switch, once switched)
 * @param lag                  per partition ({@code topic_name-partition}): records between the replay and the end
 *                             of the partition, the live views' position (0 everywhere: the switch is due)
 * @param lagTotal             Σ lag
 * @param etaSeconds           lagTotal at eventsPerSecond, while replaying; null otherwise
 * @param deadLetters          poison records met by the replay (dead-lettered, as live; they do not stop it)
 * @param deadLettered         where the latest of them were ({@code topic-partition@offset})
 * @param runningOn            the instance driving it (holding its lease), while it is active
 */
public record RebuildStatus(String state, String phase, Integer generation, Integer replacedGeneration,
                            Instant startedAt, Instant switchedAt, Instant finishedAt, long total, long applied,
                            long replayed, long eventsPerSecond, Map<String, Long> lag, long lagTotal,
                            Long etaSeconds, long deadLetters, List<String> deadLettered, String runningOn,
                            String error) {

    public static final RebuildStatus IDLE = new RebuildStatus("IDLE", null, null, null, null, null, null, 0, 0, 0, 0,
            Map.of(), 0, null, 0, List.of(), null, null);

    public boolean running() {
        return RebuildRun.RUNNING.equals(state);
    }

    static RebuildStatus of(RebuildRun run, Instant now) {
        if (run == null) {
            return IDLE;
        }
        long applied = run.applied();
        Instant until = run.switchedAt() != null ? run.switchedAt() : run.finishedAt() != null ? run.finishedAt() : now;
        long millis = run.startedAt() == null ? 0 : Math.max(1, Duration.between(run.startedAt(), until).toMillis());
        long perSecond = millis == 0 ? 0 : Math.round(applied * 1000.0 / millis);
        Map<String, Long> lag = run.lag() == null ? Map.of() : new TreeMap<>(run.lag());
        long lagTotal = lag.values().stream().mapToLong(Long::longValue).sum();
        Long eta = RebuildRun.REPLAYING.equals(run.phase()) && perSecond > 0
                ? (long) Math.ceil(lagTotal / (double) perSecond) : null;
        return new RebuildStatus(run.state(), run.phase(), run.generation(), run.replaced(), run.startedAt(),
                run.switchedAt(), run.finishedAt(), run.total(), applied, run.replayed(), perSecond, lag, lagTotal,
                eta, run.deadLetters(), run.deadLettered() == null ? List.of() : run.deadLettered(),
                run.active() && run.leaseUntil() != null && run.leaseUntil().isAfter(now) ? run.owner() : null,
                run.error());
    }
}
