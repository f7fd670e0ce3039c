package org.alliancetracker.reporting.country;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.reporting.projection.Projection;

/**
 * How many of a country's grants are active, suspended or closed. A grant counts once its award has been seen (a
 * disbursement that arrived first counts in the money figures, not here, until the award arrives).
 */
public record GrantStatusCounts(int total, int active, int suspended, int closed) {

    static final GrantStatusCounts NONE = new GrantStatusCounts(0, 0, 0, 0);

    /**
     * From the grants' views; with {@code asOf}, the status each grant had at the end of that day; with
     * {@code knownAt}, only status changes recorded by then (a grant whose award was not recorded yet is not counted).
     */
    static GrantStatusCounts of(List<StatusOfGrant> grants, LocalDate asOf, Instant knownAt) {
        int active = 0;
        int suspended = 0;
        int closed = 0;
        for (StatusOfGrant grant : grants) {
            String status = StatusChange.statusOf(grant.statusHistory(), grant.status(), asOf, knownAt);
            if (status == null) {
                continue;
            }
            switch (status) {
                case Projection.ACTIVE -> active++;
                case Projection.SUSPENDED -> suspended++;
                case Projection.CLOSED -> closed++;
                default -> {
                    // a status this version does not know: not counted
                }
            }
        }
        return new GrantStatusCounts(active + suspended + closed, active, suspended, closed);
    }
}
