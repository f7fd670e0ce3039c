package org.alliancetracker.reporting.dataquality;

import java.util.List;

import org.alliancetracker.reporting.country.StatusChange;
import org.springframework.data.annotation.Id;

/**
 * The fields of a grant view ({@code grant_views}, kept by the projection) that data quality reads, mapped by name;
 * dates as {@code YYYY-MM-DD}, null for a grant known only from a disbursement. Its obligated and disbursed amounts
 * are summed from the facts, so that they can be had as of a date and as known at an instant.
 */
record GrantFacts(@Id String id, String agency, String country, String status, String obligatedOn, String endDate,
                  List<StatusChange> statusHistory) {

    GrantFacts {
        statusHistory = statusHistory == null ? List.of() : statusHistory;
    }
}
