package org.alliancetracker.reporting.country;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One entry of a grant's status history in {@code grant_views} ({@code statusHistory}, in event order): the status,
 * the day it took effect ({@code on}, ISO date) and when the tracker recorded it ({@code at}, the CloudEvent time;
 * absent on entries written before it was kept, which then count as known). Public: the record codec constructs it.
 */
public record StatusChange(String status, String on, Instant at) {

    /**
     * The status a grant had at the end of {@code asOf} (null: today's, {@code current}) as known at
     * {@code knownAt} (null: all recorded); null when none applies yet (not awarded by then, or not known).
     */
    public static String statusOf(List<StatusChange> history, String current, LocalDate asOf, Instant knownAt) {
        if (asOf == null && knownAt == null) {
            return current;
        }
        String status = null;
        for (StatusChange change : history) {
            boolean happened = asOf == null || change.on() != null && change.on().compareTo(asOf.toString()) <= 0;
            boolean known = knownAt == null || change.at() == null || !change.at().isAfter(knownAt);
            if (happened && known) {
                status = change.status(); // in event order: the last one that applies wins
            }
        }
        return status;
    }
}
