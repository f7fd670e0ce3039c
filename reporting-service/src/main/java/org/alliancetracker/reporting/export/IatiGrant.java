package org.alliancetracker.reporting.export;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.reporting.country.StatusChange;
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

    /** Whether the tracker had recorded the grant's award by {@code knownAt} (always without it). */
    boolean known(Instant knownAt) {
        return knownAt == null || StatusChange.statusOf(statusHistory, status, null, knownAt) != null;
    }

    /**
     * The grant as the tracker knew it at {@code knownAt}: the status changes recorded by then, and the latest of
     * them or of its known transactions ({@code lastKnownEvent}) as its last update. Title, period, sectors and
     * partners are the current ones (they come with the award; an amendment of sectors or partners recorded after
     * {@code knownAt} does show).
     */
    IatiGrant asKnownAt(Instant knownAt, Instant lastKnownEvent) {
        if (knownAt == null) {
            return this;
        }
        List<StatusChange> history = statusHistory.stream()
                .filter(c -> c.at() == null || !c.at().isAfter(knownAt)).toList();
        Instant last = lastEventAt != null && !lastEventAt.isAfter(knownAt) ? lastEventAt
                : Stream.concat(history.stream().map(StatusChange::at),
                        Stream.ofNullable(lastKnownEvent))
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        return new IatiGrant(id, title, country, pillar, agency, fiscalYear, allocationId, startDate, endDate,
                obligatedOn, StatusChange.statusOf(statusHistory, status, null, knownAt), history, obligatedCents,
                last, sectors, partners);
    }
}
