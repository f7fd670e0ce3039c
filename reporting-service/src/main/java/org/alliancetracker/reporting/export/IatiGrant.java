package org.alliancetracker.reporting.export;

import java.time.Instant;
import java.util.List;

import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A grant as the IATI export reads it from {@code grant_views} (the fields the projection writes; read with the
 * driver's record codec, see {@link org.alliancetracker.platform.store.StoredRecords}). Dates are ISO strings as
 * stored; {@code sectors} and {@code partners} are empty for a grant awarded before they existed. Public: the record
 * codec constructs it reflectively.
 */
public record IatiGrant(@BsonId String id, String title, String country, String pillar, String agency,
                 Integer fiscalYear, String allocationId, String startDate, String endDate, String obligatedOn,
                 String status, List<StatusChange> statusHistory, Long obligatedCents, Instant lastEventAt,
                 List<SectorShare> sectors, List<ImplementingPartner> partners) {

    public IatiGrant {
        statusHistory = statusHistory == null ? List.of() : statusHistory;
        sectors = sectors == null ? List.of() : sectors;
        partners = partners == null ? List.of() : partners;
    }

    /** The sectors the grant is reported under: its own, or (none of its own) its pillar's default, 100 %. */
    List<SectorShare> reportedSectors(java.util.Map<String, String> pillarSectors) {
        if (!sectors.isEmpty()) {
            return sectors;
        }
        String code = pillarSectors.get(pillar);
        return code == null ? List.of() : List.of(new SectorShare(code, new java.math.BigDecimal("100")));
    }

    /** One entry of the grant's status history. */
    public record StatusChange(String status, String on) {
    }
}
