package org.alliancetracker.reporting.country;

import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.reporting.projection.Projection;
import org.bson.Document;

/**
 * How many of a country's grants are active, suspended or closed. A grant counts once its award has been seen (a
 * disbursement that arrived first counts in the money figures, not here, until the award arrives).
 */
public record GrantStatusCounts(int total, int active, int suspended, int closed) {

    static final GrantStatusCounts NONE = new GrantStatusCounts(0, 0, 0, 0);

    /** From {@code grant_views} documents; with {@code asOf}, the status each grant had at the end of that day. */
    static GrantStatusCounts of(List<Document> grants, LocalDate asOf) {
        int active = 0;
        int suspended = 0;
        int closed = 0;
        for (Document grant : grants) {
            String status = asOf == null ? grant.getString("status") : statusAsOf(grant, asOf.toString());
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

    private static String statusAsOf(Document grant, String asOf) {
        String status = null;
        for (Document change : grant.getList("statusHistory", Document.class, List.of())) {
            String on = change.getString("on");
            if (on != null && on.compareTo(asOf) <= 0) {
                status = change.getString("status"); // history is in event order: the last one that applies wins
            }
        }
        return status;
    }
}
