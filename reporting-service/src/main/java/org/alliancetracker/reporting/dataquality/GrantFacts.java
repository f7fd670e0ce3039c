package org.alliancetracker.reporting.dataquality;

import org.springframework.data.annotation.Id;

/**
 * The fields of a grant view ({@code grant_views}, kept by the projection) that data quality reads, mapped by name;
 * dates as {@code YYYY-MM-DD}, null for a grant known only from a disbursement.
 */
record GrantFacts(@Id String id, String agency, String country, String status, String obligatedOn, String endDate,
                  Long obligatedCents, Long disbursedCents) {
}
