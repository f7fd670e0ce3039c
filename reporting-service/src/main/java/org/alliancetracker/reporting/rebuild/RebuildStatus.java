package org.alliancetracker.reporting.rebuild;

import java.time.Instant;

/**
 * Progress of the latest rebuild of this instance's views.
 *
 * @param state           {@code IDLE} (none since start), {@code RUNNING}, {@code COMPLETED} or {@code FAILED}
 * @param total           records on the source topics when the rebuild started (Σ end − beginning offsets)
 * @param applied         of those, how many the bindings have handled again
 * @param eventsPerSecond applied per second of elapsed time
 */
public record RebuildStatus(String state, Instant startedAt, Instant finishedAt, long total, long applied,
                            long eventsPerSecond, String error) {

    public static final RebuildStatus IDLE = new RebuildStatus("IDLE", null, null, 0, 0, 0, null);

    public boolean running() {
        return "RUNNING".equals(state);
    }
}
