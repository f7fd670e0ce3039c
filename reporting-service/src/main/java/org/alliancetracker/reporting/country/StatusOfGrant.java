package org.alliancetracker.reporting.country;

import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * What the grant status counts read of a {@code grant_views} document (driver record codec; other fields skipped).
 * Public: the record codec constructs it reflectively.
 */
public record StatusOfGrant(@BsonId String id, String country, String obligatedOn, String status,
                            List<StatusChange> statusHistory) {

    public StatusOfGrant {
        statusHistory = statusHistory == null ? List.of() : statusHistory;
    }
}
