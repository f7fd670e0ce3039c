package org.alliancetracker.reporting.projection;

/**
 * Field names of the {@code grant_views} collection added with the IATI publication: the grant's sectors and
 * implementing partners, stored as the event records ({@code SectorShare}, {@code ImplementingPartner}) are
 * ({@link org.alliancetracker.platform.store.StoredRecords}); a grant awarded before they existed has none.
 */
public final class GrantViews {

    public static final String SECTORS = "sectors";
    public static final String PARTNERS = "partners";

    private GrantViews() {
    }
}
