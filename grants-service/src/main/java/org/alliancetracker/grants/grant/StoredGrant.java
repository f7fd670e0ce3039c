package org.alliancetracker.grants.grant;

import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.platform.store.StoredRecords;
import org.bson.Document;

/**
 * A grant as the year's document stores it under {@code grants.<id>}, written and read by the record codec
 * ({@link StoredRecords}): the component names are the field names, and the constants below the fields that
 * conditional updates name. Enums are stored as their names, dates as ISO strings. Grants awarded before accounts
 * existed have no {@code account}; {@code disbursedCents}, {@code sectors} and {@code partners} read as 0 and empty
 * when absent. Public because the codec reads it by reflection.
 */
public record StoredGrant(String allocationId, int fiscalYear, Country country, Pillar pillar, String agency,
                          String title, long obligatedCents, String startDate, String endDate, String obligatedOn,
                          GrantStatus status, String account, Long disbursedCents, List<StoredGrantChange> history,
                          List<SectorShare> sectors, List<ImplementingPartner> partners) {

    static final String MAP = "grants";
    static final String OBLIGATED = "obligatedCents";
    static final String STATUS = "status";
    public static final String DISBURSED = "disbursedCents";
    static final String HISTORY = "history";
    static final String SECTORS = "sectors";
    static final String PARTNERS = "partners";

    public StoredGrant {
        history = history == null ? List.of() : history;
        sectors = sectors == null ? List.of() : sectors;
        partners = partners == null ? List.of() : partners;
    }

    /** The path of the grant {@code grantId} in the year's document. */
    public static String path(String grantId) {
        return MAP + "." + grantId;
    }

    /** The path of one field of the grant {@code grantId} in the year's document. */
    public static String path(String grantId, String field) {
        return path(grantId) + "." + field;
    }

    /** The grant {@code grantId} of a year's document, or null when the year has no such grant. */
    static StoredGrant in(Document year, String grantId) {
        Document grant = year.get(MAP, new Document()).get(grantId, Document.class);
        return grant == null ? null : StoredRecords.fromDocument(grant, StoredGrant.class);
    }

    Document toDocument() {
        return StoredRecords.toDocument(this);
    }

    long disbursed() {
        return disbursedCents == null ? 0L : disbursedCents;
    }

    LocalDate startDay() {
        return LocalDate.parse(startDate);
    }

    LocalDate endDay() {
        return LocalDate.parse(endDate);
    }

    LocalDate obligatedDay() {
        return LocalDate.parse(obligatedOn);
    }

    /** Where the grant's money belongs, as every grant event carries it (fields fixed at award). */
    GrantRef ref(String grantId) {
        return new GrantRef(grantId, allocationId, fiscalYear, country, pillar, agency);
    }
}
